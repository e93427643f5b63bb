namespace Twin.Core.Twins;

/// <summary>
/// What the design model says before the cell's own data: log cycles to 80% SOH and log fade
/// exponent, each as a normal with a standard deviation (from the model's calibrated intervals).
/// </summary>
public sealed record TwinPrior(double LogEol80, double LogEol80Sd, double LogExponent, double LogExponentSd, string ModelVersion)
{
    /// <summary>Spread of the exponent prior: a factor of about 2.2 either way at one σ (the design model knows the shape only roughly).</summary>
    public const double DefaultLogExponentSd = 0.8;

    /// <summary>A vague prior for when no design model is at hand: EOL within ×/÷ 7 of 500 cycles at 1σ, linear fade.</summary>
    public static TwinPrior Vague(string version = "none") => new(Math.Log(500), 2.0, 0, 0.7, version);
}

/// <summary>
/// Conformal scale factors for the twin's intervals at 80/90/95%, learned on held-out cells: the
/// posterior's own interval (in log-cycles, plus a floor) is stretched by the factor of the
/// bucket its data weight falls in (Mondrian conformal): a prior-dominated forecast and a
/// data-dominated one err differently, and each bucket gets the scale that makes it cover.
/// </summary>
public sealed record TwinCalibration(IReadOnlyList<TwinScaleBucket> Buckets)
{
    public static readonly double[] Levels = [0.80, 0.90, 0.95];

    /// <summary>Upper data-weight edges of the buckets.</summary>
    public static readonly double[] BucketEdges = [0.5, 0.9, 1.0];

    public static readonly TwinCalibration Uncalibrated = new([new TwinScaleBucket(1.0, 1, 1, 1, 0)]);

    public int Count => Buckets.Sum(b => b.Count);

    public double For(double level, double dataWeight)
    {
        var bucket = Buckets.FirstOrDefault(b => dataWeight <= b.MaxDataWeight) ?? Buckets[^1];
        return level switch
        {
            0.80 => bucket.Scale80,
            0.90 => bucket.Scale90,
            0.95 => bucket.Scale95,
            _ => throw new ArgumentOutOfRangeException(nameof(level), level, "twin intervals are calibrated at 0.80, 0.90 and 0.95"),
        };
    }
}

public sealed record TwinScaleBucket(double MaxDataWeight, double Scale80, double Scale90, double Scale95, int Count);
