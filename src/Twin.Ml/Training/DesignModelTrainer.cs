using System.Diagnostics;
using Twin.Core.Designs;
using Twin.Core.Fade;
using Twin.Core.Features;
using Twin.Ml.Interop.XGBoost;
using Twin.Ml.Models;

namespace Twin.Ml.Training;

/// <summary>What a training run produced: both XGBoost models as JSON, the card's content, and timings.</summary>
public sealed record TrainedDesignModel(
    string LifetimeJson, string ExponentJson, CalibrationSet Calibration, EvaluationReport CrossValidation,
    TrainingSummary Summary, IReadOnlyList<string> KnownCoatings, TimeSpan Elapsed);

/// <summary>
/// Trains the design model: grouped cross-validation (groups are a literature study or a dataset
/// design, never random rows) gives out-of-fold forecasts for the metrics, the baselines and the
/// conformal calibration; leave-one-coating-out gives the extra width for unseen coatings; then
/// both models are fitted on everything.
/// </summary>
public sealed class DesignModelTrainer(TrainingOptions options)
{
    public const string Grouping = "grouped k-fold: a literature study (coated and bare results of one paper together) or a dataset design (same chemistry and protocol) is one group";

    public TrainedDesignModel Train(TrainingData data, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var units = data.Units;
        if (units.Count < 2 * options.Folds) throw new InvalidOperationException($"training needs at least {2 * options.Folds} units; the data has {units.Count}.");
        var x = new FeatureMatrix(units);
        var fold = Folds.Assign(units, options.Folds);
        var all = Enumerable.Range(0, units.Count).ToArray();

        var model = new HeldOutPrediction[units.Count];
        var mean = new HeldOutPrediction[units.Count];
        var ridge = new HeldOutPrediction[units.Count];
        for (var k = 0; k < options.Folds; k++)
        {
            ct.ThrowIfCancellationRequested();
            var train = all.Where(i => fold[i] != k).ToArray();
            var test = all.Where(i => fold[i] == k).ToArray();
            if (test.Length == 0) continue;
            using var lifetime = Boosters.FitLifetime(x, units, train, options, ct);
            using var exponent = Boosters.FitExponent(x, units, train, options, ct);
            var mu = Boosters.PredictMargins(lifetime, x, test);
            var logB = Boosters.PredictMargins(exponent, x, test);
            var meanLogEol = Math.Log(train.Where(i => units[i].IsExact).Select(i => units[i].EolUpper).DefaultIfEmpty(500).Average());
            var medianLogB = Median(train.Where(i => units[i].Exponent is not null).Select(i => Math.Log(units[i].Exponent!.Value)));
            var regression = RidgeBaseline.Fit(x, units, train);
            for (var t = 0; t < test.Length; t++)
            {
                var i = test[t];
                model[i] = new HeldOutPrediction(mu[t], logB[t]);
                mean[i] = new HeldOutPrediction(meanLogEol, medianLogB);
                ridge[i] = new HeldOutPrediction(regression.Predict(x.Row(i)), medianLogB);
            }
        }

        var domains = units.Select(u => DesignDomains.Of(u.Design)).ToArray();
        var rows = new List<EvaluationRow>();
        foreach (var (name, rowsOf) in new (string, int[])[]
                 {
                     ("all", all),
                     ("commercial", all.Where(i => domains[i] == DesignDomain.Commercial).ToArray()),
                     ("lab", all.Where(i => domains[i] == DesignDomain.Lab).ToArray()),
                 })
        {
            if (rowsOf.Length == 0) continue;
            rows.Add(Scoring.Evaluate("twin design model", name, units, rowsOf, model, fold, withIntervals: true));
            rows.Add(Scoring.Evaluate("baseline: training-mean EOL", name, units, rowsOf, mean, fold, withIntervals: true));
            rows.Add(Scoring.Evaluate("baseline: metadata ridge regression", name, units, rowsOf, ridge, fold, withIntervals: true));
        }

        var scores = all.Select(i => Scoring.Score(units[i], model[i].LogEol)).ToArray();
        var unseen = LeaveOneCoatingOutScores(x, units, ct);
        var calibration = new CalibrationSet(
            ConformalQuantiles.From(all.Where(i => domains[i] == DesignDomain.Commercial).Select(i => scores[i]).ToList()),
            ConformalQuantiles.From(all.Where(i => domains[i] == DesignDomain.Lab).Select(i => scores[i]).ToList()),
            ConformalQuantiles.From(unseen));

        using var finalLifetime = Boosters.FitLifetime(x, units, all, options, ct);
        using var finalExponent = Boosters.FitExponent(x, units, all, options, ct);
        var knownCoatings = units.Where(u => u.Design.IsCoated).Select(u => u.Design.Coating.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToArray();
        var summary = new TrainingSummary(units.Count, units.Count(u => u.IsLiterature), units.Count(u => u.IsExact),
            units.Count(u => u.IsRightCensored), units.Count(u => !u.IsExact && !u.IsRightCensored),
            units.Select(u => u.Group).Distinct().Count(), options.Folds);
        return new TrainedDesignModel(finalLifetime.SaveJson(), finalExponent.SaveJson(), calibration,
            new EvaluationReport(rows, Grouping), summary, knownCoatings, clock.Elapsed);
    }

    /// <summary>
    /// For each coating name in the literature, the lifetime model is refitted without any unit
    /// of that coating and scored on them: how wrong the model is about a coating it never saw.
    /// </summary>
    List<double> LeaveOneCoatingOutScores(FeatureMatrix x, IReadOnlyList<TrainingUnit> units, CancellationToken ct)
    {
        var scores = new List<double>();
        var all = Enumerable.Range(0, units.Count).ToArray();
        foreach (var coating in units.Where(u => u.Design.IsCoated).Select(u => u.Design.Coating.Trim()).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            ct.ThrowIfCancellationRequested();
            var held = all.Where(i => string.Equals(units[i].Design.Coating.Trim(), coating, StringComparison.OrdinalIgnoreCase)).ToArray();
            var train = all.Except(held).ToArray();
            using var lifetime = Boosters.FitLifetime(x, units, train, options with { Rounds = options.Rounds }, ct);
            var mu = Boosters.PredictMargins(lifetime, x, held);
            for (var t = 0; t < held.Length; t++) scores.Add(Scoring.Score(units[held[t]], mu[t]));
        }
        return scores.Count > 0 ? scores : [0];
    }

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return 0; // b = 1: linear fade
        var m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : 0.5 * (sorted[m - 1] + sorted[m]);
    }
}

/// <summary>Deterministic group → fold assignment (stable across runs and machines).</summary>
internal static class Folds
{
    public static int[] Assign(IReadOnlyList<TrainingUnit> units, int folds)
    {
        // Spread groups over folds in a fixed pseudo-random order, balancing unit counts.
        var groups = units.Select((u, i) => (u.Group, i)).GroupBy(t => t.Group)
            .OrderBy(g => StableHash(g.Key)).ToList();
        var load = new int[folds];
        var result = new int[units.Count];
        foreach (var g in groups.OrderByDescending(g => g.Count()).ThenBy(g => StableHash(g.Key)))
        {
            var k = Array.IndexOf(load, load.Min());
            foreach (var (_, i) in g) result[i] = k;
            load[k] += g.Count();
        }
        return result;
    }

    static uint StableHash(string s)
    {
        var h = 2166136261u;
        foreach (var c in s) h = (h ^ c) * 16777619u;
        return h;
    }
}
