namespace Twin.Import;

/// <summary>
/// The per-cycle summaries of one file. A file is all-or-nothing: a rejected file throws and yields no
/// result at all. <paramref name="Warnings"/> lists what was tolerated (renumbered cycles, a dropped
/// truncated last row, unknown units...).
/// </summary>
public sealed record ImportResult(
    CyclerFormat Format,
    string DetectionReason,
    IReadOnlyList<CycleSummary> Cycles,
    IReadOnlyList<string> Warnings);
