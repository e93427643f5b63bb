using Twin.Ml.Models;

namespace Twin.Ml.Training;

/// <summary>
/// Leave-one-study-out evaluation on the literature table (<see cref="LiteratureReport"/>): the
/// lab retention model beside the mean-retention and square-root-fade baselines and, when given,
/// the lifetime trees' fade-law forecast; plus the paired coating effect. Also yields the
/// conformal quantiles the served model's retention band uses.
/// </summary>
internal static class LiteratureEvaluation
{
    public const string ModelName = "lab retention model (electrolyte class + coating ratio)";
    public const string MeanName = "baseline: mean retention";
    public const string SqrtName = "baseline: square-root fade";
    public const string TreesName = "lifetime trees + fade law (before)";

    /// <summary>The lab retention model's forecast of each result by a model fitted without the result's study.</summary>
    public static double[] LeaveOneStudyOut(IReadOnlyList<LiteratureResult> results)
    {
        var forecast = new double[results.Count];
        foreach (var study in results.Select(r => r.Study).Distinct())
        {
            var fitted = LabRetentionTrainer.Fit(results.Where(r => r.Study != study).ToArray(), new ConformalQuantiles(0, 0, 0, 0));
            for (var i = 0; i < results.Count; i++)
                if (results[i].Study == study) forecast[i] = 1 - fitted.Fade(results[i].Features);
        }
        return forecast;
    }

    public static (LiteratureReport Report, ConformalQuantiles Quantiles) Run(
        IReadOnlyList<LiteratureResult> results, IReadOnlyList<double>? treeRetention = null, CancellationToken ct = default)
    {
        if (results.Count == 0) throw new InvalidOperationException("the literature table has no retention results to evaluate.");
        var studies = results.Select(r => r.Study).Distinct().ToArray();
        var model = LeaveOneStudyOut(results);
        var mean = new double[results.Count];
        var sqrt = new double[results.Count];
        var placeholder = new ConformalQuantiles(0, 0, 0, 0);
        double pairSum = 0, noEffectSum = 0;
        int pairs = 0, favouring = 0;
        var pairStudies = new HashSet<string>();
        foreach (var study in studies)
        {
            ct.ThrowIfCancellationRequested();
            var train = results.Where(r => r.Study != study).ToArray();
            var fitted = LabRetentionTrainer.Fit(train, placeholder);
            var meanRetention = train.Average(r => r.Retention);
            // Least squares of fade = k·√n through the origin.
            var k = train.Sum(r => r.Fade * Math.Sqrt(r.Cycles)) / train.Sum(r => r.Cycles);
            for (var i = 0; i < results.Count; i++)
            {
                if (results[i].Study != study) continue;
                mean[i] = meanRetention;
                sqrt[i] = 1 - k * Math.Sqrt(results[i].Cycles);
            }
            foreach (var (coated, bare) in LabRetentionTrainer.Pairs(results.Where(r => r.Study == study).ToArray()))
            {
                var forecast = 1 - Math.Min(1, fitted.CoatedFadeRatio * bare.Fade);
                pairSum += Math.Abs(forecast - coated.Retention);
                noEffectSum += Math.Abs(bare.Retention - coated.Retention);
                pairs++;
                if (coated.Retention > bare.Retention) favouring++;
                pairStudies.Add(study);
            }
        }
        var methods = new List<LiteratureMethodRow>
        {
            Row(ModelName, results, model, withInterval: true),
            Row(MeanName, results, mean, withInterval: true),
            Row(SqrtName, results, sqrt, withInterval: false),
        };
        if (treeRetention is not null) methods.Add(Row(TreesName, results, treeRetention, withInterval: false));
        var paired = new PairedEffectReport(pairs, pairStudies.Count, pairs == 0 ? double.NaN : 100 * pairSum / pairs,
            pairs == 0 ? double.NaN : 100 * noEffectSum / pairs, favouring, LabRetentionTrainer.CoatedFadeRatio(results));
        var quantiles = ConformalQuantiles.From(results.Select((r, i) => Math.Abs(model[i] - r.Retention)).ToArray());
        return (new LiteratureReport(results.Count, studies.Length, methods, paired), quantiles);
    }

    static LiteratureMethodRow Row(string method, IReadOnlyList<LiteratureResult> results, IReadOnlyList<double> forecast, bool withInterval)
    {
        var errors = results.Select((r, i) => Math.Abs(forecast[i] - r.Retention)).ToArray();
        var mae = 100 * errors.Average();
        if (!withInterval) return new LiteratureMethodRow(method, mae, null, null);
        // Cross-conformal: a study's results are judged with the 90% quantile of the other studies' errors.
        int covered = 0;
        double widthSum = 0;
        foreach (var study in results.Select(r => r.Study).Distinct())
        {
            var q = ConformalQuantiles.From(errors.Where((_, i) => results[i].Study != study).ToArray()).Q90;
            for (var i = 0; i < results.Count; i++)
            {
                if (results[i].Study != study) continue;
                if (errors[i] <= q) covered++;
                widthSum += q;
            }
        }
        return new LiteratureMethodRow(method, mae, (double)covered / results.Count, 100 * widthSum / results.Count);
    }
}
