using Twin.Ml.Models;

namespace Twin.Ml.Training;

/// <summary>One literature result: its study, design features, cycle count and retention (fraction).</summary>
internal sealed record LiteratureResult(string Study, bool Coated, string? Electrolyte, float[] Features, double Cycles, double Retention)
{
    public double Fade => 1 - Retention;

    public static IReadOnlyList<LiteratureResult> From(IReadOnlyList<TrainingUnit> units) =>
        units.Where(u => u.IsLiterature && u.Observations.Count == 1).Select(u =>
        {
            var x = Core.Features.DesignFeatures.Encode(u.Design);
            return new LiteratureResult(u.Group, u.Design.IsCoated, LabRetentionModel.GroupOf(x), x, u.Observations[0].Cycle, u.Observations[0].Soh);
        }).ToArray();
}

/// <summary>
/// Fits <see cref="LabRetentionModel"/>: the coating fade ratio is the geometric mean, over
/// studies, of coated fade / bare fade within a study; each result's fade is turned into a
/// bare-equivalent one (coated ÷ ratio, capped at total loss) and averaged per electrolyte class
/// with <see cref="PriorRows"/> pseudo-results at the mean of all classes (shrinkage: a class seen
/// once says little).
/// </summary>
internal static class LabRetentionTrainer
{
    /// <summary>Pseudo-results of the overall mean added to each class (1–4 give 14.4–14.9 pp under leave-one-study-out; 2 is the middle).</summary>
    public const double PriorRows = 2;

    /// <summary>A bare control with less fade than this cannot give a ratio (division by ~0).</summary>
    const double MinControlFade = 0.005;

    public static LabRetentionModel Fit(IReadOnlyList<LiteratureResult> results, ConformalQuantiles quantiles)
    {
        if (results.Count == 0) throw new InvalidOperationException("the literature table has no retention results; the lab retention model cannot be fitted.");
        var ratio = CoatedFadeRatio(results);
        var bareEquivalent = results.Select(r => (r.Electrolyte, Fade: Math.Clamp(r.Fade / (r.Coated ? ratio : 1), 0, 1))).ToArray();
        var mean = bareEquivalent.Average(r => r.Fade);
        var byClass = bareEquivalent.Where(r => r.Electrolyte is not null).GroupBy(r => r.Electrolyte!)
            .ToDictionary(g => g.Key, g => (g.Sum(r => r.Fade) + PriorRows * mean) / (g.Count() + PriorRows));
        return new LabRetentionModel(ratio, mean, byClass, PriorRows, quantiles);
    }

    /// <summary>exp(mean over studies of the mean log(coated fade / bare fade) of the study's pairs); 1 when there is no pair.</summary>
    public static double CoatedFadeRatio(IReadOnlyList<LiteratureResult> results)
    {
        var perStudy = Pairs(results).GroupBy(p => p.Coated.Study)
            .Select(g => g.Average(p => Math.Log(Math.Max(p.Coated.Fade, MinControlFade) / p.Bare.Fade))).ToArray();
        return perStudy.Length == 0 ? 1 : Math.Exp(perStudy.Average());
    }

    /// <summary>Every (coated, bare) pair of results of one study whose bare control faded measurably.</summary>
    public static IEnumerable<(LiteratureResult Coated, LiteratureResult Bare)> Pairs(IReadOnlyList<LiteratureResult> results) =>
        from c in results
        where c.Coated
        from b in results
        where !b.Coated && b.Study == c.Study && b.Fade > MinControlFade
        select (c, b);
}
