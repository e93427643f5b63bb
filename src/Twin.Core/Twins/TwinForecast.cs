using Twin.Core.Fade;

namespace Twin.Core.Twins;

/// <summary>An interval of cycles at a nominal level.</summary>
public sealed record LifeInterval(double Level, double Lower, double Upper);

/// <summary>One point of a forecast SOH curve with its bands.</summary>
public sealed record SohCurvePoint(int Cycle, double P50, IReadOnlyList<LifeInterval> Bands);

/// <summary>
/// A cell twin's forecast: where the cell is (SOH now), when it reaches the end-of-life
/// threshold (median and calibrated intervals), how much its own data moved the design prior
/// (<see cref="DataWeight"/>: 0 = prior only, 1 = data only), and the fitted fade law.
/// </summary>
public sealed record TwinForecast(
    int CyclesObserved,
    int LastCycle,
    double ReferenceCapacityAh,
    double SohNow,
    double Threshold,
    bool EndOfLifeReached,
    double EolP50,
    IReadOnlyList<LifeInterval> EolIntervals,
    double DataWeight,
    double Eol80P50,
    double Exponent,
    double NoiseSd,
    string ModelVersion)
{
    public double RulP50 => Math.Max(0, EolP50 - LastCycle);

    /// <summary>What the forecast rests on (the server's fleet level or the design prior); null where nobody asked.</summary>
    public ForecastBasis? Basis { get; init; }

    public LifeInterval Eol(double level) =>
        EolIntervals.FirstOrDefault(i => i.Level == level) ?? throw new ArgumentOutOfRangeException(nameof(level), level, "no interval at that level");

    public LifeInterval Rul(double level)
    {
        var eol = Eol(level);
        return new LifeInterval(level, Math.Max(0, eol.Lower - LastCycle), Math.Max(0, eol.Upper - LastCycle));
    }

    /// <summary>
    /// SOH at a future cycle: the fitted law through the median end of life, with bands from the
    /// end-of-life interval at each level (a shorter life means a lower curve).
    /// </summary>
    public SohCurvePoint SohAt(int cycle)
    {
        double Soh(double eolAtThreshold) => Math.Max(0, new FadeLaw(Eol80From(eolAtThreshold), Exponent).Soh(cycle));
        return new SohCurvePoint(cycle, Soh(EolP50),
            EolIntervals.Select(i => new LifeInterval(i.Level, Soh(i.Lower), Soh(i.Upper))).ToArray());
    }

    /// <summary>The curve from the last observed cycle to the upper 95% end of life, in <paramref name="points"/> steps.</summary>
    public IReadOnlyList<SohCurvePoint> Curve(int points = 50)
    {
        var end = Math.Max(LastCycle + 1, EolIntervals.Max(i => i.Upper));
        var step = Math.Max(1, (end - LastCycle) / points);
        var curve = new List<SohCurvePoint>();
        for (var n = (double)Math.Max(1, LastCycle); n <= end + step / 2; n += step) curve.Add(SohAt((int)Math.Round(n)));
        return curve;
    }

    double Eol80From(double eolAtThreshold) => eolAtThreshold / Math.Pow((1 - Threshold) / FadeLaw.ReferenceFade, 1 / Exponent);
}
