using Twin.Core.Fade;

namespace Twin.Core.Twins;

/// <summary>
/// Calibrates the fade law 1 − SOH = 0.2·(n/EOL80)^b to one cell: the design model's forecast is
/// the prior, the cell's own SOH history the evidence, and the posterior is computed on a grid
/// over (log EOL80, log b) — exact for this nonlinear law, with no linearisation. Early in life
/// the history is nearly flat and the prior dominates; as fade shows, the data take over.
/// A cell that has not crossed the threshold yet cannot reach end of life before its last cycle,
/// so that part of the grid is ruled out. The posterior interval is then stretched by the
/// conformal factors of <see cref="TwinCalibration"/>, learned on held-out cells, so it covers.
/// </summary>
public static class TwinForecaster
{
    const int LifeSteps = 140, ExponentSteps = 40, MaxBins = 60;
    const double MinExponent = 0.3, MaxExponent = 6.0;

    /// <summary>Deviation of real curves from the power law (knees, rest effects), in SOH, added to measurement noise.</summary>
    public const double ModelErrorSd = 0.01;
    /// <summary>
    /// Added to the posterior half-width (log-cycles) before the conformal scale: without it a
    /// late, narrow posterior that misses a knee would demand a huge scale for every forecast.
    /// </summary>
    public const double HalfWidthFloor = 0.2;

    public static TwinForecast Forecast(CapacityHistory history, TwinPrior prior, EolThreshold threshold, TwinCalibration calibration, double? nominalCapacityAh = null)
    {
        var qRef = double.IsFinite(history.ReferenceCapacity) ? history.ReferenceCapacity : nominalCapacityAh ?? double.NaN;
        var t = threshold.Fraction ?? (double.IsFinite(qRef) ? threshold.FractionFor(qRef)
            : throw new ArgumentException("an absolute end-of-life capacity needs the cell's reference capacity: report some cycles or give its nominal capacity."));
        var points = history.Points.Where(p => !p.IsOutlier && p.Cycle >= 1).ToArray();
        var lastCycle = points.Length == 0 ? 0 : points[^1].Cycle;
        var sohNow = points.Length == 0 ? 1.0 : history.CurrentSoh();
        var levelShift = Math.Log((1 - t) / FadeLaw.ReferenceFade); // log EOL_t = log EOL80 + levelShift / b

        if (history.FirstCycleBelow(t) is { } crossed && points.Length > 0)
        {
            // The end of life is observed, not forecast.
            var fit = history.FitPowerLaw();
            var b = fit is { } f && f.B > 0 ? Math.Clamp(f.B, MinExponent, MaxExponent) : Math.Exp(prior.LogExponent);
            return new TwinForecast(points.Length, lastCycle, qRef, sohNow, t, true, crossed,
                TwinCalibration.Levels.Select(l => new LifeInterval(l, crossed, crossed)).ToArray(), 1,
                crossed / Math.Exp(levelShift / b), b, 0, prior.ModelVersion);
        }

        var bins = Bin(points);
        var noise = MeasurementNoise(points);
        var grid = PosteriorGrid(prior, bins, noise, lastCycle, levelShift);
        var summary = Summarise(grid, prior, lastCycle, calibration);
        return new TwinForecast(points.Length, lastCycle, qRef, sohNow, t, false, summary.EolP50, summary.Intervals,
            summary.DataWeight, Math.Exp(summary.MeanLogEol80), Math.Exp(summary.MeanLogExponent), noise, prior.ModelVersion);
    }

    readonly record struct SohBin(double LogCycle, double Soh, int Count);

    /// <summary>Medians of up to 60 equal-count bins: enough to see the curve, few enough that correlated noise does not masquerade as certainty.</summary>
    static SohBin[] Bin(SohPoint[] points)
    {
        if (points.Length == 0) return [];
        var binCount = Math.Min(MaxBins, points.Length);
        var bins = new SohBin[binCount];
        for (var k = 0; k < binCount; k++)
        {
            var from = (int)((long)k * points.Length / binCount);
            var to = (int)((long)(k + 1) * points.Length / binCount);
            var slice = points[from..to];
            var soh = slice.Select(p => p.Soh).Order().ElementAt(slice.Length / 2);
            bins[k] = new SohBin(Math.Log(slice.Average(p => (double)p.Cycle)), soh, slice.Length);
        }
        return bins;
    }

    /// <summary>Cycle-to-cycle noise of SOH from the spread of successive differences (robust to drift).</summary>
    static double MeasurementNoise(SohPoint[] points)
    {
        if (points.Length < 3) return 0.01;
        var diffs = new double[points.Length - 1];
        for (var i = 1; i < points.Length; i++) diffs[i - 1] = Math.Abs(points[i].Soh - points[i - 1].Soh);
        Array.Sort(diffs);
        return Math.Max(0.001, 1.4826 * diffs[diffs.Length / 2] / Math.Sqrt(2));
    }

    sealed record Grid(double[] LogEol80, double[] LogExponent, double[,] Weight, double LevelShift);

    static Grid PosteriorGrid(TwinPrior prior, SohBin[] bins, double noise, int lastCycle, double levelShift)
    {
        var lifeLo = prior.LogEol80 - 4 * prior.LogEol80Sd;
        var lifeHi = prior.LogEol80 + 4 * prior.LogEol80Sd;
        if (lastCycle > 0)
        {
            lifeLo = Math.Min(lifeLo, Math.Log(Math.Max(2, lastCycle / 3.0)));
            lifeHi = Math.Max(lifeHi, Math.Log(lastCycle * 30.0));
        }
        var logEol = Linspace(lifeLo, lifeHi, LifeSteps);
        var logB = Linspace(Math.Log(MinExponent), Math.Log(MaxExponent), ExponentSteps);
        var logWeight = new double[LifeSteps, ExponentSteps];
        var max = double.NegativeInfinity;
        var temper = bins.Length == 0 ? 1 : Math.Min(1.0, EffectiveIndependentPoints / bins.Length);
        for (var j = 0; j < ExponentSteps; j++)
        {
            var b = Math.Exp(logB[j]);
            var priorB = Square((logB[j] - prior.LogExponent) / prior.LogExponentSd);
            for (var i = 0; i < LifeSteps; i++)
            {
                // A cell still above its threshold cannot have reached end of life already.
                if (lastCycle > 0 && logEol[i] + levelShift / b <= Math.Log(lastCycle))
                {
                    logWeight[i, j] = double.NegativeInfinity;
                    continue;
                }
                double logLikelihood = 0;
                foreach (var bin in bins)
                {
                    var predictedFade = FadeLaw.ReferenceFade * Math.Exp(b * (bin.LogCycle - logEol[i]));
                    var variance = noise * noise / bin.Count + ModelErrorSd * ModelErrorSd;
                    var observedFade = 1 - bin.Soh;
                    // Below the resolvable fade a point only bounds the curve: it says "less than that".
                    var miss = observedFade < ResolvableFade ? Math.Max(0, predictedFade - ResolvableFade) : observedFade - predictedFade;
                    logLikelihood -= 0.5 * miss * miss / variance;
                }
                var lp = PriorLogDensity((logEol[i] - prior.LogEol80) / prior.LogEol80Sd) - 0.5 * priorB + temper * logLikelihood;
                logWeight[i, j] = lp;
                if (lp > max) max = lp;
            }
        }
        var weight = new double[LifeSteps, ExponentSteps];
        double total = 0;
        for (var i = 0; i < LifeSteps; i++)
        for (var j = 0; j < ExponentSteps; j++)
            total += weight[i, j] = double.IsNegativeInfinity(logWeight[i, j]) ? 0 : Math.Exp(logWeight[i, j] - max);
        if (total == 0) throw new InvalidOperationException("the twin's posterior is empty: no fade law is consistent with this history and prior.");
        for (var i = 0; i < LifeSteps; i++)
        for (var j = 0; j < ExponentSteps; j++)
            weight[i, j] /= total;
        return new Grid(logEol, logB, weight, levelShift);
    }

    sealed record Summary(double EolP50, IReadOnlyList<LifeInterval> Intervals, double DataWeight, double MeanLogEol80, double MeanLogExponent);

    static Summary Summarise(Grid grid, TwinPrior prior, int lastCycle, TwinCalibration calibration)
    {
        var samples = new List<(double LogEolT, double W)>(LifeSteps * ExponentSteps);
        double meanL = 0, meanB = 0, secondL = 0;
        for (var i = 0; i < LifeSteps; i++)
        for (var j = 0; j < ExponentSteps; j++)
        {
            var w = grid.Weight[i, j];
            if (w <= 0) continue;
            samples.Add((grid.LogEol80[i] + grid.LevelShift / Math.Exp(grid.LogExponent[j]), w));
            meanL += w * grid.LogEol80[i];
            secondL += w * grid.LogEol80[i] * grid.LogEol80[i];
            meanB += w * grid.LogExponent[j];
        }
        samples.Sort((a, b) => a.LogEolT.CompareTo(b.LogEolT));
        var median = Quantile(samples, 0.5);
        var floor = lastCycle + 1.0;
        var posteriorVariance = Math.Max(0, secondL - meanL * meanL);
        var dataWeight = Math.Clamp(1 - posteriorVariance / Square(prior.LogEol80Sd), 0, 1);
        var intervals = TwinCalibration.Levels.Select(level =>
        {
            var scale = calibration.For(level, dataWeight);
            var lo = median - scale * (HalfWidthFloor + median - Quantile(samples, (1 - level) / 2));
            var hi = median + scale * (HalfWidthFloor + Quantile(samples, (1 + level) / 2) - median);
            return new LifeInterval(level, Math.Max(floor, Math.Exp(lo)), Math.Max(floor, Math.Exp(hi)));
        }).ToArray();
        return new Summary(Math.Max(floor, Math.Exp(median)), intervals, dataWeight, meanL, meanB);
    }

    /// <summary>
    /// The conformal score of a forecast made with <see cref="TwinCalibration.Uncalibrated"/>: the
    /// distance of the true end of life from the median, in units of that side's (floored) half-width.
    /// </summary>
    public static double[] Scores(TwinForecast uncalibrated, double trueEol)
    {
        var m = Math.Log(uncalibrated.EolP50);
        var t = Math.Log(trueEol);
        return TwinCalibration.Levels.Select(level =>
        {
            var i = uncalibrated.Eol(level);
            var half = t >= m ? Math.Log(i.Upper) - m : m - Math.Log(i.Lower);
            return Math.Abs(t - m) / Math.Max(HalfWidthFloor, half);
        }).ToArray();
    }

    static double Quantile(List<(double X, double W)> sorted, double p)
    {
        double cumulative = 0;
        foreach (var (x, w) in sorted)
        {
            cumulative += w;
            if (cumulative >= p) return x;
        }
        return sorted[^1].X;
    }

    /// <summary>
    /// Student-t (ν = 3) log density of the standardised lifetime error: design forecasts miss by
    /// a lot now and then (a chemistry the data barely covers), and a heavy tail lets a cell's own
    /// clear evidence overrule such a prior instead of being dragged towards it.
    /// </summary>
    static double PriorLogDensity(double z) => -0.5 * (PriorDegreesOfFreedom + 1) * Math.Log(1 + z * z / PriorDegreesOfFreedom);

    const double PriorDegreesOfFreedom = 3;

    /// <summary>
    /// Fade below 2% is not read as a measurement but as a bound ("less than 2%"): early
    /// capacity rises and wobbles with formation and rest effects, and a power law would take a
    /// flat start as evidence of a long life, which is exactly wrong for cells with a knee.
    /// </summary>
    public const double ResolvableFade = 0.02;

    /// <summary>
    /// The bins' residuals from a power law are correlated (a curve is smooth, its misfit
    /// systematic), so together they carry the evidence of about this many independent points:
    /// the log-likelihood is tempered by EffectiveIndependentPoints / bins.
    /// </summary>
    public const double EffectiveIndependentPoints = 20;

    static double[] Linspace(double from, double to, int n) => Enumerable.Range(0, n).Select(k => from + (to - from) * k / (n - 1)).ToArray();
    static double Square(double x) => x * x;
}
