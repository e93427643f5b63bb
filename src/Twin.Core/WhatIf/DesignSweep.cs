using Twin.Core.Designs;

namespace Twin.Core.WhatIf;

public sealed record SweepPoint(CellDesign Design, Interval90 Life, double Effect, double EffectSd, double ProbabilityBeatsBase, double ExpectedImprovement, DesignEvidence Evidence);

public sealed record SweepSuggestion(CellDesign Design, string Strategy, string Reason);

/// <summary>The design expected improvement is measured against: the best tested design by predicted median life, or the base when none was tested.</summary>
public sealed record SweepIncumbent(CellDesign Design, Interval90 Life, bool IsBase, int TestedDesigns);

public sealed record SweepResult(Interval90 Base, IReadOnlyList<SweepPoint> Points, IReadOnlyList<SweepPoint> Best, IReadOnlyList<SweepSuggestion> Suggestions, SweepIncumbent Incumbent);

/// <summary>
/// A grid of designs against a base design (the lab's current one): each point's life (design
/// prior with its calibrated 90% interval), its effect over the base with the effect's own
/// uncertainty (<see cref="EffectModel"/>), P(point beats base), and what to test next:
/// the points of largest expected improvement over the best design already tested (the
/// incumbent: of the lab's tested designs and the base, the one the model gives the longest
/// median life — improving on the base is no news if a tested design already does better), and
/// — so the model learns where it knows least — the most uncertain point that still has a fair
/// chance (≥ 30%) of beating the base.
/// </summary>
public static class DesignSweep
{
    /// <param name="tested">Designs the lab has cells of (none: the base is the incumbent).</param>
    public static SweepResult Run(CellDesign baseDesign, IReadOnlyList<CellDesign> grid,
        Func<IReadOnlyList<CellDesign>, IReadOnlyList<DesignPoint>> predict, Func<CellDesign, DesignEvidence> evidence, int best = 10,
        IReadOnlyCollection<CellDesign>? tested = null)
    {
        var others = (tested ?? []).Where(d => d != baseDesign).Distinct().ToArray();
        var all = predict([baseDesign, .. grid, .. others]);
        var b = all[0];
        // The incumbent: the base, or a tested design the model expects to live longer.
        var (incumbentDesign, inc) = (baseDesign, b);
        for (var k = 0; k < others.Length; k++)
            if (all[1 + grid.Count + k].LogEol80 > inc.LogEol80) (incumbentDesign, inc) = (others[k], all[1 + grid.Count + k]);
        var points = new SweepPoint[grid.Count];
        for (var i = 0; i < grid.Count; i++)
        {
            var p = all[i + 1];
            var delta = p.LogEol80 - b.LogEol80;
            var sd = EffectModel.Sigma(b, p, grid[i] == baseDesign);
            var gain = p.LogEol80 - inc.LogEol80;
            var gainSd = EffectModel.Sigma(inc, p, grid[i] == incumbentDesign);
            points[i] = new SweepPoint(grid[i], Life(p), delta, sd, EffectModel.ProbabilityBetter(delta, sd), EffectModel.ExpectedImprovement(gain, gainSd), evidence(grid[i]));
        }
        var ranked = points.OrderByDescending(p => p.Life.P50).ThenBy(p => p.EffectSd).Take(best).ToArray();
        var incumbent = new SweepIncumbent(incumbentDesign, Life(inc), incumbentDesign == baseDesign, others.Length);
        // What the lab has built is not a suggestion for what to build next.
        var built = others.Append(baseDesign).Select(TestKey).ToHashSet();
        return new SweepResult(Life(b), points, ranked, Suggest(points.Where(p => !built.Contains(TestKey(p.Design))).ToArray(), incumbent), incumbent);
    }

    /// <summary>The fields a sweep varies: two designs alike in these are the same test.</summary>
    static (string, double?, string, double?, double?, double?) TestKey(CellDesign d) =>
        (d.Coating.Trim().ToLowerInvariant(), d.IsCoated ? d.CoatingThicknessNm : null, d.Electrolyte.Trim().ToLowerInvariant(), d.CRate, d.ChargeCRate, d.TemperatureC ?? 25);

    static Interval90 Life(DesignPoint p) =>
        new(Math.Exp(p.LogEol80), Math.Exp(p.LogEol80 - p.HalfWidth90), Math.Exp(p.LogEol80 + p.HalfWidth90));

    static List<SweepSuggestion> Suggest(SweepPoint[] points, SweepIncumbent incumbent)
    {
        var over = incumbent.IsBase
            ? incumbent.TestedDesigns == 0 ? "the base (no tested design to compare with)" : $"the base, the best of {incumbent.TestedDesigns + 1} tested designs"
            : $"the best tested design ({incumbent.Design.Coating}{(incumbent.Design.CoatingThicknessNm is { } t ? $" {t:0.#} nm" : "")}, {incumbent.Design.Electrolyte}; median {incumbent.Life.P50:0} cycles)";
        var suggestions = new List<SweepSuggestion>();
        foreach (var p in points.Where(p => p.ExpectedImprovement > 0).OrderByDescending(p => p.ExpectedImprovement)
                     .DistinctBy(p => (p.Design.Coating, p.Design.Electrolyte, p.Design.CRate, p.Design.TemperatureC)).Take(3)) // distinct designs, not one coating thrice
            suggestions.Add(new SweepSuggestion(p.Design, "expected_improvement",
                $"expected gain of {Math.Exp(p.ExpectedImprovement) - 1:0%} in life over {over} (median vs the base {Math.Exp(p.Effect) - 1:+0%;-0%}, P(beats base) {p.ProbabilityBeatsBase:0%}); " +
                $"{p.Evidence.LiteratureStudies} literature studies of {p.Evidence.CoatingClass} on {p.Evidence.ElectrodeClass}" +
                (p.Evidence.Extrapolated ? ", but the model extrapolates here" : "")));
        var explore = points.Where(p => p.ProbabilityBeatsBase >= 0.3 && !suggestions.Any(s => s.Design == p.Design))
            .OrderByDescending(p => p.EffectSd).ThenBy(p => p.Evidence.LiteratureRows).FirstOrDefault();
        if (explore is not null)
            suggestions.Add(new SweepSuggestion(explore.Design, "largest_uncertainty",
                $"the model knows least here (effect ±{Math.Exp(Normal.Z90 * explore.EffectSd) - 1:0%} at 90%; {explore.Evidence.LiteratureRows} literature rows of {explore.Evidence.CoatingClass} on {explore.Evidence.ElectrodeClass}" +
                (explore.Evidence.UnseenCoating ? ", coating never seen" : "") + (explore.Evidence.ThicknessOutsideSeen ? ", thickness outside the seen range" : "") +
                $") and P(beats base) is {explore.ProbabilityBeatsBase:0%}: testing it teaches the model most"));
        return suggestions;
    }
}
