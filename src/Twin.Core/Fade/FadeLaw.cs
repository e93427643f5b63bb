namespace Twin.Core.Fade;

/// <summary>
/// The semi-empirical fade law Twin forecasts with: 1 − SOH(n) = 0.2·(n / Eol80)^B, i.e. the
/// capacity loss grows as a power of cycles (B ≈ 0.5 for SEI-limited growth, ≥ 1 for linear or
/// accelerating fade) and reaches 20% at cycle Eol80. SOH never rises with n (B &gt; 0), so every
/// curve Twin draws is physical by construction.
/// </summary>
public readonly record struct FadeLaw(double Eol80, double B)
{
    public const double ReferenceFade = 0.2;
    public const double MinB = 0.3, MaxB = 3.0;

    public double Soh(double cycle) => cycle <= 0 ? 1.0 : 1.0 - ReferenceFade * Math.Pow(cycle / Eol80, B);

    /// <summary>First cycle at which SOH reaches <paramref name="threshold"/> (0.8 → Eol80).</summary>
    public double CycleAtSoh(double threshold)
    {
        if (threshold is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be a fraction in (0, 1)");
        return Eol80 * Math.Pow((1 - threshold) / ReferenceFade, 1 / B);
    }

    /// <summary>The Eol80 that makes SOH(cycle) = soh under exponent b (used to turn "retention R after N cycles" into a lifetime).</summary>
    public static double Eol80From(double cycle, double soh, double b) => cycle * Math.Pow(ReferenceFade / (1 - soh), 1 / b);
}
