using Twin.Ml.Models;

namespace Twin.Ml.Prediction;

/// <summary>A lifetime interval in cycles to 80% SOH at one nominal level.</summary>
public sealed record LifetimeInterval(double Level, double Lower, double Upper);

/// <summary>
/// The design model's forecast for one design: median cycles to 80% SOH with calibrated
/// intervals, the fade exponent of the curve, and which calibration set the intervals used.
/// </summary>
public sealed record DesignPrior(
    double LogEol80, double LogExponent, DesignDomain Domain, bool UnseenCoating, ConformalQuantiles Quantiles, string ModelVersion,
    LabRetentionForecast? LabRetention = null)
{
    public double Eol80 => Math.Exp(LogEol80);
    public double Exponent => Math.Clamp(Math.Exp(LogExponent), Core.Fade.FadeLaw.MinB, Core.Fade.FadeLaw.MaxB);
    public Core.Fade.FadeLaw Law => new(Eol80, Exponent);

    public LifetimeInterval Interval(double level)
    {
        var q = Quantiles.For(level);
        return new LifetimeInterval(level, Math.Exp(LogEol80 - q), Math.Exp(LogEol80 + q));
    }

    /// <summary>SOH at <paramref name="cycle"/> (fraction) with the band implied by the lifetime interval.</summary>
    public (double P50, double Lower, double Upper) Soh(double cycle, double level)
    {
        var i = Interval(level);
        return (Clamp(Law.Soh(cycle)), Clamp(new Core.Fade.FadeLaw(i.Lower, Exponent).Soh(cycle)), Clamp(new Core.Fade.FadeLaw(i.Upper, Exponent).Soh(cycle)));
    }

    static double Clamp(double soh) => Math.Max(0, soh);
}

/// <summary>
/// A lab design's retention at the end of a test as the literature reports it (the lab retention
/// model): capacity loss <see cref="Fade"/> with conformal bands in retention. It does not depend
/// on the test length: across studies the reported length carries no signal (docs/model.md).
/// </summary>
public sealed record LabRetentionForecast(double Fade, ConformalQuantiles Quantiles)
{
    public double Retention => 1 - Fade;

    public (double P50, double Lower, double Upper) Band(double level)
    {
        var q = Quantiles.For(level);
        return (Retention, Math.Clamp(Retention - q, 0, 1), Math.Clamp(Retention + q, 0, 1));
    }
}
