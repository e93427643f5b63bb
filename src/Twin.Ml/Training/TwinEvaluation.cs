using Twin.Core.Fade;
using Twin.Core.Twins;
using Twin.Ml.Models;

namespace Twin.Ml.Training;

/// <summary>
/// The design-prior twin's conformal scale, stored in the model card: held-out cells of the
/// public datasets are cut at 20/40/60/80% of their life and at their first 100 cycles and
/// forecast from the cut history and a design prior trained without the cell's group; the scale
/// makes those forecasts cover. (How the twins are judged is `twin evaluate --twins`, on the lab
/// benchmark's protocol: docs/accuracy.md.)
/// </summary>
internal static class TwinEvaluation
{
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

    /// <summary>
    /// The conformal scale for production: the held-out cases of every fold pooled — all of them up
    /// to <see cref="TrainingOptions.MaxTwinCalibrationCases"/>, beyond that an even stride through
    /// them (a quantile from a few thousand cases is as good as from 100k, which would cost minutes).
    /// </summary>
    public static TwinCalibration Calibrate(CrossValidation cv, TrainingOptions options, CancellationToken ct)
    {
        var cases = Cases(cv).ToArray();
        if (cases.Length == 0) return TwinCalibration.Uncalibrated;
        if (cases.Length > options.MaxTwinCalibrationCases)
        {
            var stride = (double)cases.Length / options.MaxTwinCalibrationCases;
            cases = Enumerable.Range(0, options.MaxTwinCalibrationCases).Select(k => cases[(int)(k * stride)]).ToArray();
        }
        return Scale(ScoreAll(cv, cases, options.CalibrationParallelism, ct));
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

    /// <summary>Cases are independent: score them on as many cores as allowed (the grid posterior is the cost of `twin train`).</summary>
    static Scored[] ScoreAll(CrossValidation cv, Case[] cases, int parallelism, CancellationToken ct) =>
        cases.AsParallel().AsOrdered().WithDegreeOfParallelism(Math.Max(1, parallelism)).WithCancellation(ct).Select(c => Scores(cv, c)).ToArray();

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
}
