namespace Twin.Core.WhatIf;

/// <summary>
/// The design model's answer for one design, as the what-if and the sweep need it: median log
/// cycles to 80% SOH, the fade-law exponent, the half-width of its calibrated 90% interval in
/// log-cycles, and whether the design lies outside what the model has seen.
/// </summary>
public sealed record DesignPoint(double LogEol80, double Exponent, double HalfWidth90, bool Extrapolated);

/// <summary>
/// How sure Twin is of the effect of going from one design to another. Both forecasts come from
/// the same model, so much of their error is shared and cancels in the difference: the effect's
/// spread is that of the difference of two errors correlated by ρ — 0.8 for a change within
/// what the model has seen, 0.5 when either side is an extrapolation (documented in
/// docs/what-if.md; an assumption, not a measurement: published pairs are too few and too
/// selected to measure it).
/// </summary>
public static class EffectModel
{
    public const double SeenCorrelation = 0.8, ExtrapolatedCorrelation = 0.5;

    /// <summary>Standard deviation of the log-life effect of the change (0 when the design does not change).</summary>
    public static double Sigma(DesignPoint before, DesignPoint after, bool sameDesign)
    {
        if (sameDesign) return 0;
        var rho = before.Extrapolated || after.Extrapolated ? ExtrapolatedCorrelation : SeenCorrelation;
        var sb = before.HalfWidth90 / Normal.Z90;
        var sa = after.HalfWidth90 / Normal.Z90;
        return Math.Sqrt(Math.Max(0, sb * sb + sa * sa - 2 * rho * sb * sa));
    }

    /// <summary>P(the changed design outlives the base) for a log-life effect <paramref name="delta"/> with spread <paramref name="sigma"/>.</summary>
    public static double ProbabilityBetter(double delta, double sigma) =>
        sigma > 0 ? Normal.Cdf(delta / sigma) : delta > 0 ? 1 : delta < 0 ? 0 : 0.5;

    /// <summary>Expected improvement in log-life over the base, E[max(0, Δ + ε)] with ε ~ N(0, σ²).</summary>
    public static double ExpectedImprovement(double delta, double sigma)
    {
        if (sigma <= 0) return Math.Max(0, delta);
        var z = delta / sigma;
        return delta * Normal.Cdf(z) + sigma * Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
    }
}
