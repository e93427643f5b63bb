namespace Twin.Core.Fleet;

/// <summary>
/// The learned twin update: per band of observable progress, which similarity bandwidth and
/// recency weight to use and how to combine the similarity mixture, the fleet prior and the cell's
/// own curve (weights on a simplex, in log cycles), each chosen by the lowest error on the
/// reference cells' held-out cuts. Early in life this learns to trust the prior; late, the
/// trajectories; where the fleet's shapes mislead, the cell's own curve.
/// </summary>
internal sealed class LearnedUpdate
{
    public sealed record Band(double MaxProgress, int Hyper, double WMixture, double WPrior, double WOwn);

    const int CutsPerBand = 80;
    const int MaxBands = 4;
    const double Step = 0.1;

    public LearnedUpdate(Band[] bands) => Bands = bands;

    public Band[] Bands { get; }

    public Band For(double progress) => Bands.FirstOrDefault(b => progress <= b.MaxProgress) ?? Bands[^1];

    public static double Combine(Band b, double logMixture, double logPrior, double logOwn, double logLast)
    {
        var mix = double.IsFinite(logMixture) ? logMixture : logPrior;
        var own = double.IsFinite(logOwn) ? logOwn : mix;
        return Math.Max(Math.Log(Math.Exp(logLast) + 1), b.WMixture * mix + b.WPrior * logPrior + b.WOwn * own);
    }

    /// <summary>Below this many finished references the update is the prior alone.</summary>
    public const int MinFinished = 5;

    public static LearnedUpdate Learn(IReadOnlyList<HeldOutCut> cuts, int hypers, int finished)
    {
        if (cuts.Count == 0) return new LearnedUpdate([new Band(double.PositiveInfinity, 0, 1, 0, 0)]);
        // A few finished cells, each forecast from the other two or three, cannot choose among 66 weightings and
        // 10 match settings without fitting their noise: the fleet's mean life is the estimate with nothing to choose.
        if (finished < MinFinished) return new LearnedUpdate([new Band(double.PositiveInfinity, 0, 0, 1, 0)]);
        var sorted = cuts.OrderBy(c => c.Progress).ToArray();
        var bands = Math.Clamp(sorted.Length / CutsPerBand, 1, MaxBands);
        var result = new List<Band>();
        for (var b = 0; b < bands; b++)
        {
            var from = b * sorted.Length / bands;
            var to = (b + 1) * sorted.Length / bands;
            var slice = sorted[from..to];
            var max = b == bands - 1 ? double.PositiveInfinity : 0.5 * (sorted[to - 1].Progress + sorted[to].Progress);
            result.Add(Best(slice, hypers, max));
        }
        return new LearnedUpdate(result.ToArray());
    }

    static Band Best(HeldOutCut[] slice, int hypers, double max)
    {
        Band? best = null;
        var bestError = double.PositiveInfinity;
        var steps = (int)Math.Round(1 / Step);
        var residuals = new double[slice.Length];
        var sorted = new double[slice.Length];
        for (var h = 0; h < hypers; h++)
            for (var i = 0; i <= steps; i++)
                for (var j = 0; i + j <= steps; j++)
                {
                    var band = new Band(max, h, i * Step, j * Step, (steps - i - j) * Step);
                    for (var k = 0; k < slice.Length; k++)
                        residuals[k] = slice[k].LogTrue - Combine(band, slice[k].LogMixture[h], slice[k].LogPrior, slice[k].LogOwn, slice[k].LogLast);
                    var error = ShiftedError(residuals, sorted);
                    if (error < bestError - 1e-9) (bestError, best) = (error, band);
                }
        return best!;
    }

    /// <summary>
    /// Mean relative error of a weighting once its median log residual is taken out: the forecast is shifted by the
    /// held-out cuts' median residual (<see cref="FleetModel"/>), so a consistently biased estimate (a curve fit that
    /// overshoots by 30% on every cell) is worth as much as its spread, not its bias, as the B3bc baseline corrects it.
    /// </summary>
    internal static double ShiftedError(double[] residuals, double[] scratch)
    {
        Array.Copy(residuals, scratch, residuals.Length);
        Array.Sort(scratch);
        var n = scratch.Length;
        var shift = n % 2 == 1 ? scratch[n / 2] : 0.5 * (scratch[n / 2 - 1] + scratch[n / 2]);
        double error = 0;
        foreach (var r in residuals) error += Math.Abs(Math.Exp(shift - r) - 1);
        return error / n;
    }
}
