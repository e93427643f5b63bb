namespace Twin.Import.Internal;

/// <summary>Per-file reading settings decided from the format and the preamble.</summary>
internal sealed class ReadOptions
{
    public bool DecimalComma { get; set; }

    public bool DayFirstDates { get; set; }

    public bool ExcelSerialDates { get; set; }

    /// <summary>Seconds per unit of a time column that carries no unit (Maccor SIMBA: minutes).</summary>
    public double UnitlessTimeScale { get; set; } = 1;

    /// <summary>Absolute start of the test from the preamble (BaSyTec), added to the test time.</summary>
    public DateTimeOffset? TestStart { get; set; }

    /// <summary>
    /// Count only a cycle's first discharge (consecutive discharge steps, rests between them allowed)
    /// and the charge after it; a second discharge after that charge is left out (Neware, whose cycle
    /// index can hold two discharge–charge pairs when the schedule moves to a new loop).
    /// </summary>
    public bool FirstDischargePerCycle { get; set; }
}
