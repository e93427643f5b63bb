using Twin.Core.Designs;

namespace Twin.Core.WhatIf;

public sealed record SweepPoint(CellDesign Design, Interval90 Life, double Effect, double EffectSd, double ProbabilityBeatsBase, double ExpectedImprovement, DesignEvidence Evidence);

public sealed record SweepSuggestion(CellDesign Design, string Strategy, string Reason);

public sealed record SweepResult(Interval90 Base, IReadOnlyList<SweepPoint> Points, IReadOnlyList<SweepPoint> Best, IReadOnlyList<SweepSuggestion> Suggestions);

/// <summary>
/// A grid of designs against a base design (the lab's current one): each point's life (design
/// prior with its calibrated 90% interval), its effect over the base with the effect's own
/// uncertainty (<see cref="EffectModel"/>), P(point beats base), and what to test next:
/// the points of largest expected improvement over the base, and — so the model learns where it
/// knows least — the most uncertain point that still has a fair chance (≥ 30%) of beating it.
/// </summary>
public static class DesignSweep
{
    public static SweepResult Run(CellDesign baseDesign, IReadOnlyList<CellDesign> grid,
        Func<IReadOnlyList<CellDesign>, IReadOnlyList<DesignPoint>> predict, Func<CellDesign, DesignEvidence> evidence, int best = 10)
    {
        var all = predict([baseDesign, .. grid]);
        var b = all[0];
        var points = new SweepPoint[grid.Count];
        for (var i = 0; i < grid.Count; i++)
        {
            var p = all[i + 1];
            var same = grid[i] == baseDesign;
            var delta = p.LogEol80 - b.LogEol80;
            var sd = EffectModel.Sigma(b, p, same);
            points[i] = new SweepPoint(grid[i], Life(p), delta, sd, EffectModel.ProbabilityBetter(delta, sd), EffectModel.ExpectedImprovement(delta, sd), evidence(grid[i]));
        }
        var ranked = points.OrderByDescending(p => p.Life.P50).ThenBy(p => p.EffectSd).Take(best).ToArray();
        return new SweepResult(Life(b), points, ranked, Suggest(points));
    }

    static Interval90 Life(DesignPoint p) =>
        new(Math.Exp(p.LogEol80), Math.Exp(p.LogEol80 - p.HalfWidth90), Math.Exp(p.LogEol80 + p.HalfWidth90));

    static List<SweepSuggestion> Suggest(SweepPoint[] points)
    {
        var suggestions = new List<SweepSuggestion>();
        foreach (var p in points.Where(p => p.ExpectedImprovement > 0).OrderByDescending(p => p.ExpectedImprovement)
                     .DistinctBy(p => (p.Design.Coating, p.Design.Electrolyte, p.Design.CRate, p.Design.TemperatureC)).Take(3)) // distinct designs, not one coating thrice
            suggestions.Add(new SweepSuggestion(p.Design, "expected_improvement",
                $"expected gain of {Math.Exp(p.ExpectedImprovement) - 1:0%} in life over the base (median {Math.Exp(p.Effect) - 1:+0%;-0%}, P(beats base) {p.ProbabilityBeatsBase:0%}); " +
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
