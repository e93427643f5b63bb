using Twin.Core.Twins;

namespace Twin.Actors.Cells;

/// <summary>
/// What a cell twin persists (through IPersistentState, with an ETag): the last fit and what it
/// was fitted on. The cycles themselves live in the cycle store; this is derived and cheap to
/// rebuild, but kept so a listing or a restart does not refit every cell.
/// </summary>
public sealed class CellTwinState
{
    public int CyclesObserved { get; set; }
    public int LastCycle { get; set; }
    public double? ReferenceCapacityAh { get; set; }
    public double? SohNow { get; set; }
    public double? Eol80 { get; set; }
    public double? Exponent { get; set; }
    /// <summary>Cycle-to-cycle SOH noise seen in the history (fraction).</summary>
    public double? NoiseSd { get; set; }
    public double? EolP50 { get; set; }
    public double? EolLo90 { get; set; }
    public double? EolHi90 { get; set; }
    public double? DataWeight { get; set; }
    public bool EndOfLifeReached { get; set; }
    public List<TwinAnomaly> Anomalies { get; set; } = [];
    public string? ModelVersion { get; set; }
    public DateTimeOffset? FittedAt { get; set; }
    public DateTimeOffset? LastDataAt { get; set; }
    /// <summary>True when cycles or the design changed after the last fit.</summary>
    public bool Stale { get; set; } = true;
}
