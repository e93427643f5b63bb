using System.Diagnostics;
using Twin.Core.Designs;
using Twin.Core.Fade;
using Twin.Core.Features;
using Twin.Ml.Interop.XGBoost;
using Twin.Ml.Models;

namespace Twin.Ml.Training;

/// <summary>What a training run produced: both XGBoost models as JSON, the card's content, and timings.</summary>
public sealed record TrainedDesignModel(
    string LifetimeJson, string ExponentJson, LifetimeShrinkage Shrinkage, CalibrationSet Calibration, Core.Twins.TwinCalibration TwinCalibration, EvaluationReport CrossValidation,
    TrainingSummary Summary, IReadOnlyList<string> KnownCoatings, TimeSpan Elapsed,
    LabRetentionModel? LabRetention = null, LiteratureReport? Literature = null);

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
        var cv = CrossValidation.Run(units, options, ct);
        var all = Enumerable.Range(0, units.Count).ToArray();
        var unseen = LeaveOneCoatingOutScores(cv.Features, units, ct);
        var calibration = new CalibrationSet(
            ConformalQuantiles.From(all.Where(i => cv.Domains[i] == DesignDomain.Commercial).Select(cv.Score).DefaultIfEmpty(1.0).ToList()),
            ConformalQuantiles.From(all.Where(i => cv.Domains[i] == DesignDomain.Lab).Select(cv.Score).DefaultIfEmpty(1.0).ToList()),
            ConformalQuantiles.From(unseen));
        var twin = TwinEvaluation.Calibrate(cv, options, ct);
        var literature = LiteratureResult.From(units);
        LabRetentionModel? labRetention = null;
        LiteratureReport? literatureReport = null;
        if (literature.Count > 0)
        {
            var trees = options.CompareTreesOnLiterature ? TreeRetentionLeaveOneStudyOut(cv, ct) : null;
            (literatureReport, var quantiles) = LiteratureEvaluation.Run(literature, trees, ct);
            labRetention = LabRetentionTrainer.Fit(literature, quantiles);
        }

        using var finalLifetime = Boosters.FitLifetime(cv.Features, units, all, options, ct);
        using var finalExponent = Boosters.FitExponent(cv.Features, units, all, options, ct);
        var knownCoatings = units.Where(u => u.Design.IsCoated).Select(u => u.Design.Coating.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToArray();
        var summary = new TrainingSummary(units.Count, units.Count(u => u.IsLiterature), units.Count(u => u.IsExact),
            units.Count(u => u.IsRightCensored), units.Count(u => !u.IsExact && !u.IsRightCensored),
            units.Select(u => u.Group).Distinct().Count(), options.Folds);
        return new TrainedDesignModel(finalLifetime.SaveJson(), finalExponent.SaveJson(), cv.Shrinkage, calibration, twin,
            cv.Report(Grouping), summary, knownCoatings, clock.Elapsed, labRetention, literatureReport);
    }

    /// <summary>
    /// The lifetime trees' retention forecast of every literature result (in <see cref="LiteratureResult.From"/>
    /// order) at its own cycle count, from trees refitted without the result's study and shrunk
    /// like the served model: how the design model did before the lab retention model.
    /// </summary>
    double[] TreeRetentionLeaveOneStudyOut(CrossValidation cv, CancellationToken ct)
    {
        var units = cv.Units;
        var literature = Enumerable.Range(0, units.Count).Where(i => units[i].IsLiterature && units[i].Observations.Count == 1).ToArray();
        var forecast = new Dictionary<int, double>();
        foreach (var study in literature.GroupBy(i => units[i].Group))
        {
            ct.ThrowIfCancellationRequested();
            var held = study.ToArray();
            var train = Enumerable.Range(0, units.Count).Where(i => units[i].Group != study.Key).ToArray();
            using var lifetime = Boosters.FitLifetime(cv.Features, units, train, options, ct);
            using var exponent = Boosters.FitExponent(cv.Features, units, train, options, ct);
            var mu = Boosters.PredictMargins(lifetime, cv.Features, held);
            var logB = Boosters.PredictMargins(exponent, cv.Features, held);
            var meanLogEol = Math.Log(train.Where(i => units[i].IsExact).Select(i => units[i].EolUpper).DefaultIfEmpty(500).Average());
            for (var t = 0; t < held.Length; t++)
            {
                var logEol = cv.Shrinkage.Weight * mu[t] + (1 - cv.Shrinkage.Weight) * meanLogEol;
                var law = new FadeLaw(Math.Exp(logEol), Math.Clamp(Math.Exp(logB[t]), FadeLaw.MinB, FadeLaw.MaxB));
                forecast[held[t]] = Math.Max(0, law.Soh(units[held[t]].Observations[0].Cycle));
            }
        }
        return literature.Select(i => forecast[i]).ToArray();
    }

    /// <summary>
    /// For each coating name in the literature, the lifetime model is refitted without any unit
    /// of that coating and scored on them: how wrong the model is about a coating it never saw.
    /// A refit keeps at most <see cref="TrainingOptions.MaxUnitsPerGroupInRefits"/> units of any one
    /// group (an even stride through it): thousands of a lab's cells of one design say no more about
    /// an unseen coating than a thousand do, and one refit per coating on 100k cells costs minutes.
    /// </summary>
    List<double> LeaveOneCoatingOutScores(FeatureMatrix x, IReadOnlyList<TrainingUnit> units, CancellationToken ct)
    {
        var scores = new List<double>();
        var all = Enumerable.Range(0, units.Count).ToArray();
        foreach (var coating in units.Where(u => u.Design.IsCoated).Select(u => u.Design.Coating.Trim()).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            ct.ThrowIfCancellationRequested();
            var held = all.Where(i => string.Equals(units[i].Design.Coating.Trim(), coating, StringComparison.OrdinalIgnoreCase)).ToArray();
            var train = CapPerGroup(all.Except(held), units, options.MaxUnitsPerGroupInRefits);
            using var lifetime = Boosters.FitLifetime(x, units, train, options, ct);
            var mu = Boosters.PredictMargins(lifetime, x, held);
            for (var t = 0; t < held.Length; t++) scores.Add(Scoring.Score(units[held[t]], mu[t]));
        }
        return scores.Count > 0 ? scores : [0];
    }

    static int[] CapPerGroup(IEnumerable<int> rows, IReadOnlyList<TrainingUnit> units, int cap) =>
        rows.GroupBy(i => units[i].Group)
            .SelectMany(g =>
            {
                var members = g.ToArray();
                if (members.Length <= cap) return members;
                var stride = (double)members.Length / cap;
                return Enumerable.Range(0, cap).Select(k => members[(int)(k * stride)]);
            })
            .Order().ToArray();

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
