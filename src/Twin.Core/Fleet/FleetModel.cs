using Twin.Core.Twins;

namespace Twin.Core.Fleet;

/// <summary>
/// A fitted fleet: forecasts a cell's end of life from its metadata and history against the
/// reference cells (<see cref="ReferenceFleet.Fit"/>). Thread-safe; forecasting does not change it.
/// </summary>
public sealed class FleetModel
{
    /// <summary>A best match this many times worse than the 90th percentile of the held-out references' marks a cell as unlike them.</summary>
    const double UnlikeMargin = 1.0;

    /// <summary>Log half-width per unit of mismatch ratio for a cell unlike the references (up to ±0.3, about ±35%).</summary>
    const double UnlikeFloor = 0.05;

    readonly TrajectoryMatcher _matcher;
    readonly ReferenceTrajectory[] _trajectories;
    readonly FleetPrior _prior;
    readonly CalibrationCut[] _cuts;
    readonly LearnedUpdate _update;
    readonly OwnCurveBias _ownBias;
    readonly double _cap;
    readonly FleetOptions _options;

    internal FleetModel(TrajectoryMatcher matcher, ReferenceTrajectory[] trajectories, FleetPrior prior, CalibrationCut[] cuts,
        LearnedUpdate update, OwnCurveBias ownBias, double cap, FleetOptions options, int referenceCount, int finishedCount, IReadOnlyList<string> warnings)
    {
        _matcher = matcher;
        _trajectories = trajectories;
        _prior = prior;
        _cuts = cuts;
        _update = update;
        _ownBias = ownBias;
        _cap = cap;
        _options = options;
        ReferenceCount = referenceCount;
        FinishedCount = finishedCount;
        Warnings = warnings;
    }

    public int ReferenceCount { get; }
    public int FinishedCount { get; }
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>One line for the user: what the fleet learned.</summary>
    public string Description =>
        $"{ReferenceCount} reference cells ({FinishedCount} reached end of life); prior: {_prior.Description} (±{_prior.Sd:0.00} log cycles); " +
        $"learned update by progress band: {string.Join("; ", _update.Bands.Select(Describe))}; {_cuts.Length} held-out cuts calibrate the intervals";

    string Describe(LearnedUpdate.Band b) =>
        $"≤{b.MaxProgress:0.00}: h={Bandwidth(b.Hyper)} γ={_options.RecencyExponents[Exponent(b.Hyper)]} weights mixture/prior/own {b.WMixture:0.0}/{b.WPrior:0.0}/{b.WOwn:0.0}";

    double Bandwidth(int hyper) => _options.Bandwidths[hyper / _options.RecencyExponents.Count];

    int Exponent(int hyper) => hyper % _options.RecencyExponents.Count;

    public FleetForecast Forecast(IReadOnlyDictionary<string, string?> metadata, IReadOnlyList<CycleReading> history, EolThreshold threshold) =>
        Forecast(metadata, CleanHistory.Clean(history), threshold);

    public FleetForecast Forecast(IReadOnlyDictionary<string, string?> metadata, CleanHistory history, EolThreshold threshold)
    {
        var priorMean = _prior.Predict(metadata);
        if (history.Count == 0)
        {
            var half = 1.645 * Math.Max(_prior.Sd, 0.1) * 1.5;
            return new FleetForecast(0, 0, double.NaN, threshold.Fraction ?? double.NaN, Math.Exp(priorMean), Math.Exp(priorMean - half), Math.Exp(priorMean + half), 0,
                "no valid history: the fleet prior alone");
        }
        var thr = threshold.FractionFor(history.ReferenceCapacityAh);
        var last = history.LastCycle;
        var sohNow = history.CurrentSoh;
        if (history.EndOfLife(thr) is { } reached && Array.IndexOf(history.Cycles, reached) is var at && at >= 0 && at < history.Count - 2)
            return new FleetForecast(history.Count, last, sohNow, thr, reached, reached, reached, 1, "end of life already reached");

        var progress = Progress(history, thr);
        var band = _update.For(progress);
        var candidates = _matcher.Compare(history, thr, _options.RecencyExponents, _options.MaxMatchPoints);
        var mixture = TrajectoryMatcher.Summarise(candidates, Exponent(band.Hyper), Bandwidth(band.Hyper), priorMean, _prior.Sd);
        var logOwn = OwnCurve.EndOfLife(history, thr, _cap) is { } ownEol ? Math.Log(ownEol) : double.NaN;
        // In the learned update the own curve is corrected by its bias on the references at this progress; a cell unlike
        // them (below) leans on the raw curve, since that bias was learned on shapes it does not share.
        var logOwnCorrected = logOwn + _ownBias.At(progress);
        var logLast = Math.Log(Math.Max(1, last));
        var centre = LearnedUpdate.Combine(band, mixture.IsValid ? mixture.LogQ50 : double.NaN, priorMean, logOwnCorrected, logLast);

        // Conformal: residuals of the learned forecast on held-out reference cuts at a similar observable progress.
        var neighbours = Neighbours(progress);
        var residuals = neighbours.Select(c => c.LogResidual).ToArray();
        var tail = (1 - _options.Level) / 2;
        // A few finished references: the median of their residuals is one cell's error against another's, not a bias to correct.
        var shift = FinishedCount < LearnedUpdate.MinFinished ? 0 : Stats.Quantile(residuals, 0.5);
        double lo = centre + Stats.Quantile(residuals, tail), mid = centre + shift, hi = centre + Stats.Quantile(residuals, 1 - tail);

        // Resemblance: how the best match compares with the held-out references' best matches.
        var resemblance = 1.0;
        var basis = "similarity to the reference trajectories";
        if (mixture.IsValid)
        {
            var fits = neighbours.Where(c => double.IsFinite(c.BestMismatch)).Select(c => Math.Sqrt(c.BestMismatch)).ToArray();
            var bestFit = Math.Sqrt(mixture.BestMismatch);
            if (fits.Length > 0)
            {
                resemblance = fits.Count(f => f >= bestFit) / (double)fits.Length;
                var typical = Stats.Quantile(fits, 0.9);
                var ratio = bestFit / Math.Max(typical, 1e-4) / UnlikeMargin;
                if (ratio > 1)
                {
                    // Unlike every reference: widen, and lean on the cell's own curve as far as it has faded enough to have one.
                    var widen = Math.Min(ratio, 3);
                    var lean = (1 - 1 / ratio) * Math.Clamp(progress / 0.5, 0, 1);
                    var own = lean > 0 && double.IsFinite(logOwn) ? logOwn : mid;
                    var shifted = (1 - lean) * mid + lean * own;
                    // The held-out residuals say nothing about a shape they never saw: a floor on the half-width grows with the mismatch.
                    var floor = UnlikeFloor * Math.Min(ratio, 6);
                    lo = Math.Min(shifted - Math.Max((mid - lo) * widen, floor), own);
                    hi = Math.Max(shifted + Math.Max((hi - mid) * widen, floor), own);
                    mid = shifted;
                    basis = $"unlike the references (best match {ratio * UnlikeMargin:0.0}× the usual worst): interval ×{widen:0.0}, {lean:P0} on the cell's own curve";
                }
            }
        }
        else basis = "no reference trajectory fits past the last cycle: the fleet prior";

        var minimum = last + 1.0;
        var p50 = Math.Max(minimum, Math.Exp(mid));
        var forecast = new FleetForecast(history.Count, last, sohNow, thr, p50, Math.Min(p50, Math.Max(minimum, Math.Exp(lo))), Math.Max(p50, Math.Exp(hi)), resemblance, basis);
        return forecast with { SohAt = Trajectory(mixture, candidates) };
    }

    /// <summary>Observable progress: SOH lost so far over the SOH the cell may lose before its threshold.</summary>
    internal static double Progress(CleanHistory h, double thr) =>
        Math.Clamp((1 - h.Smooth[^1]) / Math.Max(1e-6, 1 - thr), 0, 2);

    CalibrationCut[] Neighbours(double progress)
    {
        if (_cuts.Length <= 40) return _cuts;
        var k = Math.Max(40, _cuts.Length / 4);
        return _cuts.OrderBy(c => Math.Abs(c.Progress - progress)).Take(k).ToArray();
    }

    Func<int, double> Trajectory(MixtureSummary m, TrajectoryMatcher.Candidates c)
    {
        if (m.Components is not { } comp) return _ => double.NaN;
        var order = Enumerable.Range(0, comp.Index.Length).OrderByDescending(i => comp.Weight[i]).Take(64).ToArray();
        var refs = order.Select(i => c.Reference(comp.Index[i])).ToArray();
        var stretch = order.Select(i => TrajectoryMatcher.Candidates.Stretch(comp.Index[i])).ToArray();
        var weights = order.Select(i => comp.Weight[i]).ToArray();
        var trajectories = _trajectories;
        return cycle =>
        {
            var values = new double[refs.Length];
            for (var j = 0; j < refs.Length; j++) values[j] = trajectories[refs[j]].At(cycle / stretch[j]);
            return Stats.WeightedQuantile(values, weights, 0.5);
        };
    }
}
