namespace Twin.Core.Fleet;

/// <summary>
/// A cell's end-of-life forecast from its fleet: median and 90% interval (cycles), SOH now, the
/// per-cell resemblance to the reference trajectories (share of the fleet's own held-out cuts that
/// matched worse: near 0 = unlike every reference, the interval is then widened and the forecast
/// leans on the cell's own curve) and what it rests on.
/// </summary>
public sealed record FleetForecast(
    int CyclesObserved,
    int LastCycle,
    double SohNow,
    double Threshold,
    double EolP50,
    double EolLo90,
    double EolHi90,
    double Resemblance,
    string Basis)
{
    public double RulP50 => Math.Max(0, EolP50 - LastCycle);

    /// <summary>The forecast SOH path: the weighted median of the matched reference trajectories, stretched.</summary>
    public Func<int, double> SohAt { get; init; } = _ => double.NaN;
}
