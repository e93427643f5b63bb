using System.Globalization;

namespace Twin.Core.Twins;

/// <summary>
/// What "end of life" means: a fraction of the cell's reference capacity (0.80 by default) or an
/// absolute capacity in Ah ("0.88Ah"), which becomes a fraction per cell through its Q_ref.
/// </summary>
public sealed record EolThreshold(double? Fraction, double? CapacityAh)
{
    public static readonly EolThreshold Default = new(0.8, null);

    public double FractionFor(double referenceCapacityAh)
    {
        if (Fraction is { } f) return f;
        var fraction = CapacityAh!.Value / referenceCapacityAh;
        if (!(fraction is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(referenceCapacityAh),
                $"an end of life at {CapacityAh} Ah is {fraction:P0} of this cell's reference capacity {referenceCapacityAh:0.####} Ah; it must be below 100%.");
        return fraction;
    }

    /// <summary>Parses "0.75" (a fraction in (0, 1)) or "0.88Ah" / "880mAh" (an absolute capacity).</summary>
    public static EolThreshold Parse(string text)
    {
        var s = text.Trim();
        double Number(string part) => double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v > 0
            ? v : throw new FormatException($"end-of-life threshold '{text}' is not a positive number.");
        if (s.EndsWith("mAh", StringComparison.OrdinalIgnoreCase)) return new EolThreshold(null, Number(s[..^3]) / 1000);
        if (s.EndsWith("Ah", StringComparison.OrdinalIgnoreCase)) return new EolThreshold(null, Number(s[..^2]));
        var fraction = Number(s);
        if (fraction >= 1) throw new FormatException($"end-of-life threshold '{text}' must be a fraction below 1 (e.g. 0.8) or a capacity with its unit (e.g. 0.88Ah).");
        return new EolThreshold(fraction, null);
    }

    public override string ToString() => Fraction is { } f ? f.ToString("0.###", CultureInfo.InvariantCulture) : CapacityAh!.Value.ToString("0.####", CultureInfo.InvariantCulture) + "Ah";
}
