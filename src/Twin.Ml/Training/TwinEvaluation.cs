using Twin.Core.Fade;
using Twin.Core.Twins;
using Twin.Ml.Models;

namespace Twin.Ml.Training;

/// <summary>One row of the twin accuracy table: a method at one truncation rule.</summary>
public sealed record TwinEvaluationRow(
    string Method, string Cut, int Cases, double EolMape, double EolMedianApe, double AlphaLambda,
    double? Coverage80, double? Coverage90, double? Coverage95, double? MeanRelativeWidth90);

public sealed record TwinEvaluationReport(IReadOnlyList<TwinEvaluationRow> Rows, TwinCalibration Calibration, int Cells);

/// <summary>
/// Judges the cell twin the way a lab would use it: held-out cells of the public datasets are
/// cut at 20/40/60/80% of their life and at their first 100 cycles, and forecast from the cut
/// history and their design alone. The forecaster never sees the fraction, the cut rule or the
/// label; its design prior comes from a model trained without the cell's group, and its conformal
/// scale from the other folds' cells (cross-conformal).
/// </summary>
internal static class TwinEvaluation
{
    public const double AlphaAccuracy = 0.2;

    /// <summary>A case needs this much history: the reference capacity alone takes five cycles.</summary>
    public const int MinHistoryCycles = 10;

    static readonly (string Name, Func<double, int?> Cut)[] Cuts =
    [
        ("20% of life", eol => (int)(0.2 * eol)),
        ("40% of life", eol => (int)(0.4 * eol)),
        ("60% of life", eol => (int)(0.6 * eol)),
        ("80% of life", eol => (int)(0.8 * eol)),
        ("first 100 cycles", eol => eol > 100 ? 100 : null),
    ];

    sealed record Case(int Unit, string CutName, int CutCycle, double TrueEol, CapacityHistory History);

    /// <summary>The conformal scale for production: every held-out case of every fold pooled.</summary>
    public static TwinCalibration Calibrate(CrossValidation cv, CancellationToken ct)
    {
        var cases = Cases(cv).ToArray();
        if (cases.Length == 0) return TwinCalibration.Uncalibrated;
        return Scale(ScoreAll(cv, cases, ct));
    }

    public static TwinEvaluationReport Evaluate(CrossValidation cv, CancellationToken ct)
    {
        var cases = Cases(cv).ToArray();
        var scores = ScoreAll(cv, cases, ct);
        var scaleByFold = Enumerable.Range(0, cv.FoldCount).ToDictionary(k => k,
            k => Scale(cases.Select((c, n) => (c, n)).Where(t => cv.Fold[t.c.Unit] != k).Select(t => scores[t.n]).ToArray()));
        var twin = cases.AsParallel().AsOrdered().WithCancellation(ct)
            .Select(c => TwinForecaster.Forecast(c.History, Prior(cv, c.Unit), EolThreshold.Default, scaleByFold[cv.Fold[c.Unit]])).ToArray();

        var rows = new List<TwinEvaluationRow>();
        foreach (var (cut, _) in Cuts)
        {
            var idx = Enumerable.Range(0, cases.Length).Where(n => cases[n].CutName == cut).ToArray();
            if (idx.Length == 0) continue;
            rows.Add(Row("twin (design prior + own cycles)", cut, idx.Select(n => (cases[n], twin[n].EolP50, (TwinForecast?)twin[n]))));
            rows.Add(Row("baseline: training-mean EOL", cut, idx.Select(n => (cases[n], Floor(Math.Exp(cv.Mean[cases[n].Unit].LogEol), cases[n]), (TwinForecast?)null))));
            rows.Add(Row("baseline: curve fit of own history", cut, idx.Select(n => (cases[n], Floor(CurveFitEol(cases[n].History, cases[n].CutCycle), cases[n]), (TwinForecast?)null))));
            rows.Add(Row("baseline: metadata ridge regression", cut, idx.Select(n => (cases[n], Floor(Math.Exp(cv.Ridge[cases[n].Unit].LogEol), cases[n]), (TwinForecast?)null))));
        }
        return new TwinEvaluationReport(rows, Scale(scores), cases.Select(c => c.Unit).Distinct().Count());
    }

    static IEnumerable<Case> Cases(CrossValidation cv)
    {
        for (var i = 0; i < cv.Units.Count; i++)
        {
            var u = cv.Units[i];
            if (!u.IsExact || u.History is null) continue;
            var eol = u.EolUpper;
            foreach (var (name, rule) in Cuts)
            {
                if (rule(eol) is not { } cut || cut < MinHistoryCycles || cut >= eol) continue;
                var truncated = CapacityHistory.FromCapacities(
                    u.History.Points.Where(p => p.Cycle <= cut).Select(p => (p.Cycle, p.Soh * u.History.ReferenceCapacity)));
                yield return new Case(i, name, cut, eol, truncated);
            }
        }
    }

    /// <summary>The design model's out-of-fold forecast as the twin's prior; its spread from the other folds' 90% quantile.</summary>
    static TwinPrior Prior(CrossValidation cv, int unit)
    {
        var q90 = cv.QuantilesExcludingFold(cv.Domains[unit], cv.Fold[unit]).Q90;
        return new TwinPrior(cv.Model[unit].LogEol, Math.Max(0.05, q90 / 1.645), cv.Model[unit].LogExponent, TwinPrior.DefaultLogExponentSd, "cross-validation");
    }

    /// <summary>Cases are independent: score them on every core (the grid posterior is the cost of `twin train`).</summary>
    static Scored[] ScoreAll(CrossValidation cv, Case[] cases, CancellationToken ct) =>
        cases.AsParallel().AsOrdered().WithCancellation(ct).Select(c => Scores(cv, c)).ToArray();

    /// <summary>A case's conformal scores and the data weight that picks its bucket.</summary>
    readonly record struct Scored(double[] Scores, double DataWeight);

    static Scored Scores(CrossValidation cv, Case c)
    {
        var forecast = TwinForecaster.Forecast(c.History, Prior(cv, c.Unit), EolThreshold.Default, TwinCalibration.Uncalibrated);
        return new Scored(TwinForecaster.Scores(forecast, c.TrueEol), forecast.DataWeight);
    }

    /// <summary>Per data-weight bucket, the conformal quantile of the scores; a bucket with too few cases borrows the pooled scale.</summary>
    static TwinCalibration Scale(Scored[] scored)
    {
        if (scored.Length == 0) return TwinCalibration.Uncalibrated;
        const int minBucket = 30;
        TwinScaleBucket Bucket(double edge, Scored[] items)
        {
            var q = TwinCalibration.Levels.Select((level, k) => ConformalRank(items.Select(s => s.Scores[k]).ToArray(), level)).ToArray();
            return new TwinScaleBucket(edge, q[0], q[1], q[2], items.Length);
        }
        var pooled = Bucket(1.0, scored);
        var buckets = new List<TwinScaleBucket>();
        var lower = double.NegativeInfinity;
        foreach (var edge in TwinCalibration.BucketEdges)
        {
            var items = scored.Where(s => s.DataWeight > lower && s.DataWeight <= edge).ToArray();
            buckets.Add(items.Length >= minBucket ? Bucket(edge, items) : pooled with { MaxDataWeight = edge, Count = items.Length });
            lower = edge;
        }
        return new TwinCalibration(buckets);
    }

    static double ConformalRank(double[] values, double level)
    {
        Array.Sort(values);
        return values[Math.Min(values.Length, (int)Math.Ceiling((values.Length + 1) * level)) - 1];
    }

    /// <summary>
    /// The "curve fit of the cell's own history" baseline: the same power law fitted by least
    /// squares to the history alone, extrapolated to 80%. Without visible fade it falls back to a
    /// straight line through the last half of the history, and without any decline to twice the
    /// cycles seen (it has no better guess). Extrapolations are capped at 100× the cycles seen, as
    /// anyone reading the fit would.
    /// </summary>
    internal static double CurveFitEol(CapacityHistory history, int cut) => Math.Min(100.0 * cut, UncappedCurveFitEol(history, cut));

    static double UncappedCurveFitEol(CapacityHistory history, int cut)
    {
        if (history.FitPowerLaw(minFade: 0.005) is { } fit && fit.B > 0.05)
            return Math.Exp((Math.Log(FadeLaw.ReferenceFade) - fit.LogA) / fit.B);
        var tail = history.Points.Where(p => !p.IsOutlier).SkipWhile(p => p.Cycle < cut / 2).ToArray();
        if (tail.Length >= 3)
        {
            double mx = tail.Average(p => (double)p.Cycle), my = tail.Average(p => p.Soh);
            var sxy = tail.Sum(p => (p.Cycle - mx) * (p.Soh - my));
            var sxx = tail.Sum(p => (p.Cycle - mx) * (p.Cycle - mx));
            var slope = sxx > 0 ? sxy / sxx : 0;
            if (slope < 0) return mx + (0.8 - my) / slope;
        }
        return 2.0 * cut;
    }

    static double Floor(double eol, Case c) => Math.Max(c.CutCycle + 1, eol);

    static TwinEvaluationRow Row(string method, string cut, IEnumerable<(Case Case, double Eol, TwinForecast? Twin)> items)
    {
        var list = items.ToList();
        double ape = 0, accurate = 0, width = 0;
        var apes = new List<double>();
        var covered = new int[3];
        foreach (var (c, eol, twin) in list)
        {
            ape += Math.Abs(eol - c.TrueEol) / c.TrueEol;
            apes.Add(Math.Abs(eol - c.TrueEol) / c.TrueEol);
            var trueRul = c.TrueEol - c.CutCycle;
            if (Math.Abs(eol - c.CutCycle - trueRul) <= AlphaAccuracy * trueRul) accurate++;
            if (twin is null) continue;
            for (var k = 0; k < 3; k++)
            {
                var i = twin.Eol(TwinCalibration.Levels[k]);
                if (c.TrueEol >= i.Lower && c.TrueEol <= i.Upper) covered[k]++;
            }
            var i90 = twin.Eol(0.90);
            width += (i90.Upper - i90.Lower) / c.TrueEol;
        }
        var n = list.Count;
        var withIntervals = list.Any(t => t.Twin is not null);
        return new TwinEvaluationRow(method, cut, n, ape / n, apes.Order().ElementAt(n / 2), accurate / n,
            withIntervals ? (double)covered[0] / n : null, withIntervals ? (double)covered[1] / n : null,
            withIntervals ? (double)covered[2] / n : null, withIntervals ? width / n : null);
    }
}
