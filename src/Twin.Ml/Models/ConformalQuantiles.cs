namespace Twin.Ml.Models;

/// <summary>
/// Split-conformal half-widths in log-cycles at 80/90/95%: a lifetime interval is
/// exp(μ ± q). Count is how many held-out scores they came from.
/// </summary>
public sealed record ConformalQuantiles(double Q80, double Q90, double Q95, int Count)
{
    public static readonly double[] Levels = [0.80, 0.90, 0.95];

    public double For(double level) => level switch
    {
        0.80 => Q80,
        0.90 => Q90,
        0.95 => Q95,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "intervals are calibrated at 0.80, 0.90 and 0.95"),
    };

    /// <summary>
    /// The ⌈(n+1)·level⌉-th smallest score (finite-sample conformal guarantee). With too few
    /// scores for that rank the largest score is used and the interval is flagged as such by Count.
    /// </summary>
    public static ConformalQuantiles From(IReadOnlyCollection<double> scores)
    {
        if (scores.Count == 0) throw new ArgumentException("conformal calibration needs at least one held-out score", nameof(scores));
        var sorted = scores.Order().ToArray();
        double Q(double level) => sorted[Math.Min(sorted.Length, (int)Math.Ceiling((sorted.Length + 1) * level)) - 1];
        return new ConformalQuantiles(Q(0.80), Q(0.90), Q(0.95), sorted.Length);
    }

    /// <summary>The wider of two calibrations at each level.</summary>
    public ConformalQuantiles Max(ConformalQuantiles other) =>
        new(Math.Max(Q80, other.Q80), Math.Max(Q90, other.Q90), Math.Max(Q95, other.Q95), Math.Min(Count, other.Count));
}
