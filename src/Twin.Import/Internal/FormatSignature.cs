namespace Twin.Import.Internal;

/// <summary>
/// The header columns each vendor format is read from. A format given explicitly is checked
/// against them, so a file of another layout is refused by name instead of read from the wrong
/// columns. Each entry is a set of alternatives; names compare case-insensitively, trimmed.
/// </summary>
internal static class FormatSignature
{
    private static readonly Dictionary<CyclerFormat, string[][]> Required = new()
    {
        [CyclerFormat.ArbinCsv] = [["Cycle_Index", "Cycle Index"], ["Data_Point", "Data Point", "Step_Index", "Step Index"]],
        [CyclerFormat.MaccorText] = [["Rec#", "Rec"], ["Cyc#", "Cycle C", "Cycle P"]],
        [CyclerFormat.MaccorCsv] = [["Rec#", "Rec"], ["Cyc#", "Cycle C", "Cycle P"]],
        [CyclerFormat.NewareCsv] = [["Step Type"], ["Chg. Cap.(Ah)", "Chg. Cap.(mAh)"], ["DChg. Cap.(Ah)", "DChg. Cap.(mAh)"]],
        [CyclerFormat.BiologicMpt] = [["cycle number"]],
        [CyclerFormat.NovonixCsv] = [["Cycle Number"], ["Run Time (h)"]],
        [CyclerFormat.BasytecText] = [["Cyc-Count"]],
        [CyclerFormat.PecCsv] = [["Cycle"], ["Real Time"]],
        [CyclerFormat.BatteryArchiveTimeSeries] = [["Cycle_Index"], ["Test_Time (s)"], ["Current (A)"]],
        [CyclerFormat.BatteryArchiveCycleSummary] = [["Cycle_Index"], ["Discharge_Capacity (Ah)"]],
    };

    /// <summary>The required columns of <paramref name="format"/> that <paramref name="header"/> lacks, quoted ("'A' or 'B'").</summary>
    public static IReadOnlyList<string> Missing(CyclerFormat format, IReadOnlyList<string> header)
    {
        if (!Required.TryGetValue(format, out var groups))
        {
            return [];
        }

        var names = header.Select(h => h.Trim().Trim('"').TrimStart('~').Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return groups.Where(g => !g.Any(names.Contains)).Select(g => string.Join(" or ", g.Select(n => $"'{n}'"))).ToArray();
    }
}
