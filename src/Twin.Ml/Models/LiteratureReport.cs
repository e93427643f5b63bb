namespace Twin.Ml.Models;

/// <summary>
/// Leave-one-study-out accuracy on the literature table: every study's results are forecast by
/// models fitted without that study. Retention MAE in percentage points at each result's own
/// cycle count; 90% coverage is cross-conformal (each study judged with the quantile of the other
/// studies' held-out errors), null for a method without intervals.
/// </summary>
public sealed record LiteratureReport(int Rows, int Studies, IReadOnlyList<LiteratureMethodRow> Methods, PairedEffectReport PairedEffect);

public sealed record LiteratureMethodRow(string Method, double RetentionMaePct, double? Coverage90, double? MeanHalfWidth90Pct);

/// <summary>
/// The coating effect where the table supports it: given the bare control of the same study, the
/// coated retention forecast as control fade × the coating fade ratio learned from the other
/// studies' pairs, beside "no effect" (coated = control). Every published pair favours the
/// coating (<see cref="PairsFavouringCoating"/>): reviews report what worked.
/// </summary>
public sealed record PairedEffectReport(int Pairs, int Studies, double MaePct, double NoEffectMaePct, int PairsFavouringCoating, double CoatedFadeRatio);
