using Twin.Core.Twins;

namespace Twin.Core.Fleet;

/// <summary>
/// Fits the fleet level from reference cells (a lab's earlier cells, finished or running): the
/// metadata prior, the reference trajectories, and — by cutting every reference cell at many
/// points and forecasting it from the others — the similarity bandwidth, the recency weight and
/// the conformal calibration of the intervals.
/// </summary>
public static class ReferenceFleet
{
    public static FleetModel Fit(IReadOnlyList<FleetCell> cells, EolThreshold threshold, FleetOptions? options = null, CancellationToken ct = default)
    {
        options ??= new FleetOptions();
        var warnings = new List<string>();
        var usable = new List<(FleetCell Cell, CleanHistory History, double Threshold)>();
        foreach (var cell in cells)
        {
            var h = CleanHistory.Clean(cell.History);
            if (h.Count < 2) { warnings.Add($"reference cell '{cell.CellId}' has fewer than 2 valid points; left out."); continue; }
            double thr;
            try { thr = threshold.FractionFor(h.ReferenceCapacityAh); }
            catch (ArgumentOutOfRangeException) { warnings.Add($"reference cell '{cell.CellId}' starts at or below the end-of-life threshold; left out."); continue; }
            usable.Add((cell, h, thr));
        }
        if (usable.Count == 0) throw new ArgumentException("no reference cell has at least 2 valid points to learn from.", nameof(cells));

        var eol = usable.Select(u => u.History.EndOfLife(u.Threshold) ?? StoppedAtThreshold(u.History, u.Threshold)).ToArray();
        var observed = eol.Select(e => e is not null).ToArray();
        var logLife = usable.Select((u, i) => Math.Log(Math.Max(1, eol[i] ?? u.History.LastCycle))).ToArray();
        var metadata = usable.Select(u => u.Cell.Metadata).ToArray();
        var maxLife = usable.Select((u, i) => (double)(eol[i] ?? u.History.LastCycle)).Max();
        var cap = 3 * maxLife;

        FleetPrior prior;
        if (observed.Any(o => o))
        {
            // The prior is fitted on the cells that reached end of life: a forecast is judged (by a lab, as by the
            // benchmark) on cells whose end of life is seen, and a running reference only bounds its own life from below,
            // which imputation from the prior itself turned into a pull upwards on every forecast. Running references
            // still lend their shapes to the trajectory match.
            var finished = Enumerable.Range(0, usable.Count).Where(i => observed[i]).ToArray();
            var fitted = MetadataPrior.Fit(finished.Select(i => metadata[i]).ToArray(), finished.Select(i => logLife[i]).ToArray(),
                finished.Select(_ => true).ToArray(), warnings);
            var loo = metadata.Select(fitted.Predict).ToArray();
            for (var k = 0; k < finished.Length; k++) loo[finished[k]] = fitted.LeaveOneOut[k];
            prior = new FleetPrior(fitted.Predict, loo, Math.Clamp(fitted.Sd, 0.05, 2.0), fitted.Description);
        }
        else
        {
            // Every reference is still running: their lives are at least what they ran; a vague prior above that.
            var centre = logLife.Max() + 0.3;
            prior = new FleetPrior(_ => centre, logLife.Select(_ => centre).ToArray(), 1.0, "no reference cell reached end of life: a vague prior beyond their longest run");
            warnings.Add("no reference cell has reached end of life yet; forecasts rest on the trajectories' extrapolation.");
        }

        var trajectories = usable.Select(u => new ReferenceTrajectory(u.History)).ToArray();
        var matcher = new TrajectoryMatcher(trajectories, cap);
        var calibration = Calibrate(usable, eol, prior, matcher, cap, options, ct);
        return new FleetModel(matcher, trajectories, prior, calibration.Cuts, calibration.Update, calibration.Bias, cap, options,
            usable.Count, observed.Count(o => o), warnings);
    }

    /// <summary>Within this SOH of the threshold at its last point, a finished test counts as stopped at end of life (labs stop there).</summary>
    const double StopMargin = 0.01;

    static int? StoppedAtThreshold(CleanHistory h, double threshold) =>
        h.Smooth[^1] <= threshold + StopMargin ? h.LastCycle + 1 : null;

    static (CalibrationCut[] Cuts, LearnedUpdate Update, OwnCurveBias Bias) Calibrate(
        List<(FleetCell Cell, CleanHistory History, double Threshold)> usable, int?[] eol, FleetPrior prior,
        TrajectoryMatcher matcher, double cap, FleetOptions options, CancellationToken ct)
    {
        var candidates = Enumerable.Range(0, usable.Count).Where(i => eol[i] is not null).ToArray();
        if (candidates.Length > options.MaxCalibrationCells)
            candidates = Enumerable.Range(0, options.MaxCalibrationCells).Select(j => candidates[(int)((long)j * candidates.Length / options.MaxCalibrationCells)]).ToArray();
        var hypers = options.Bandwidths.Count * options.RecencyExponents.Count;
        var perCell = new List<HeldOutCut>[candidates.Length];
        Parallel.For(0, candidates.Length, new ParallelOptions { CancellationToken = ct }, ci =>
        {
            var i = candidates[ci];
            var (_, history, thr) = usable[i];
            var life = eol[i]!.Value;
            var list = new List<HeldOutCut>();
            var cuts = options.CalibrationFractions.Select(f => (int)Math.Floor(f * life)).Append(life > 120 ? 100 : 0).Where(c => c > 0).Distinct();
            foreach (var cut in cuts)
            {
                var visible = history.Truncate(cut);
                if (visible.Count == 0 || visible.EndOfLife(thr) is not null) continue;
                var c = matcher.Compare(visible, thr, options.RecencyExponents, options.MaxMatchPoints, exclude: i);
                var mixture = new double[hypers];
                var mismatch = new double[hypers];
                for (var h = 0; h < hypers; h++)
                {
                    var m = TrajectoryMatcher.Summarise(c, h % options.RecencyExponents.Count, options.Bandwidths[h / options.RecencyExponents.Count], prior.LeaveOneOut[i], prior.Sd);
                    mixture[h] = m.IsValid ? m.LogQ50 : double.NaN;
                    mismatch[h] = m.IsValid ? m.BestMismatch : double.NaN;
                }
                var own = OwnCurve.EndOfLife(visible, thr, cap) is { } o ? Math.Log(o) : double.NaN;
                list.Add(new HeldOutCut(i, FleetModel.Progress(visible, thr), Math.Log(Math.Max(1, visible.LastCycle)), prior.LeaveOneOut[i], own, mixture, mismatch, Math.Log(life)));
            }
            perCell[ci] = list;
        });
        var raw = perCell.SelectMany(p => p).ToArray();
        // The own curve enters the learned update bias-corrected at its progress, each cut corrected without its own cell.
        var bias = OwnCurveBias.Learn(raw.Select(c => (c.Progress, c.LogTrue - c.LogOwn, c.Cell)));
        var all = raw.Select(c => double.IsFinite(c.LogOwn) ? c with { LogOwn = c.LogOwn + bias.At(c.Progress, c.Cell) } : c).ToArray();
        var update = LearnedUpdate.Learn(all, hypers, candidates.Length);
        var calibration = all.Select(c =>
        {
            var band = update.For(c.Progress);
            var centre = LearnedUpdate.Combine(band, c.LogMixture[band.Hyper], c.LogPrior, c.LogOwn, c.LogLast);
            return new CalibrationCut(c.Progress, c.BestMismatch[band.Hyper], c.LogTrue - centre);
        }).ToArray();
        return (calibration, update, bias);
    }
}

/// <summary>The fleet's prior of log end of life per cell, its leave-one-out values on the references, and its spread.</summary>
internal sealed record FleetPrior(Func<IReadOnlyDictionary<string, string?>, double> Predict, double[] LeaveOneOut, double Sd, string Description);
