using Twin.Core.Designs;
using Twin.Core.Features;
using Twin.Ml.Trees;

namespace Twin.Ml.Models;

/// <summary>
/// Capacity retention of a lab design (the literature domain) at the end of its test, as a
/// capacity loss ("fade"): a bare-electrode fade per electrolyte class, shrunk toward the mean of
/// all classes, times one coating fade ratio learned from coated-vs-bare pairs of the same study.
/// The test length is deliberately not an input: across published studies it carries no signal
/// (authors run longer tests when results are good), so a fade law through the cycle count
/// misleads (docs/model.md). It is exported into the ONNX graph as one regression tree
/// (<see cref="ToTreeEnsemble"/>), so what serves is what ONNX Runtime runs.
/// </summary>
public sealed record LabRetentionModel(
    double CoatedFadeRatio, double MeanBareFade, IReadOnlyDictionary<string, double> BareFadeByElectrolyte, double PriorRows,
    ConformalQuantiles Quantiles)
{
    /// <summary>The electrolyte groups, in the order of their feature columns; a design in none of them (unknown class) gets the mean.</summary>
    public static readonly IReadOnlyList<(string Group, string Feature)> Groups =
    [
        ("liquid", "electrolyte_liquid"), ("sulfide", "electrolyte_sulfide"), ("oxide", "electrolyte_oxide"),
        ("polymer", "electrolyte_polymer"), ("other_solid", "electrolyte_other_solid"),
    ];

    static readonly int CoatedColumn = IndexOf("coated");

    /// <summary>The design's electrolyte group (null when unknown), read from its features exactly as the exported tree reads them.</summary>
    public static string? GroupOf(ReadOnlySpan<float> x)
    {
        foreach (var (group, feature) in Groups)
            if (x[IndexOf(feature)] >= 0.5f) return group;
        return null;
    }

    public static string? GroupOf(CellDesign design) => GroupOf(DesignFeatures.Encode(design));

    /// <summary>Capacity lost by the end of the test (fraction, 0…1).</summary>
    public double Fade(ReadOnlySpan<float> x) => Math.Min(1, BareFade(GroupOf(x)) * (x[CoatedColumn] >= 0.5f ? CoatedFadeRatio : 1));

    public double Fade(CellDesign design) => Fade(DesignFeatures.Encode(design));

    double BareFade(string? group) => group is not null && BareFadeByElectrolyte.TryGetValue(group, out var f) ? f : MeanBareFade;

    /// <summary>
    /// The model as one tree over the feature vector: split on "coated", then down the electrolyte
    /// flags in <see cref="Groups"/> order (x &lt; 0.5 and missing go on to the next flag), so
    /// ONNX Runtime evaluates exactly <see cref="Fade(ReadOnlySpan{float})"/> up to float rounding.
    /// </summary>
    public TreeEnsemble ToTreeEnsemble()
    {
        var nodes = new List<TreeNode>();
        var root = Add(nodes, null);
        var bare = Chain(nodes, coated: false);
        var coated = Chain(nodes, coated: true);
        nodes[root] = new TreeNode(root, CoatedColumn, 0.5f, bare, coated, DefaultLeft: true, 0);
        return new TreeEnsemble(DesignFeatures.Count, 0f, [new Tree(nodes)]);
    }

    int Chain(List<TreeNode> nodes, bool coated)
    {
        var ratio = coated ? CoatedFadeRatio : 1;
        var first = -1;
        var previous = -1;
        foreach (var (group, feature) in Groups)
        {
            var split = Add(nodes, null);
            var leaf = Add(nodes, (float)Math.Min(1, BareFade(group) * ratio));
            if (previous >= 0) nodes[previous] = nodes[previous] with { Left = split };
            nodes[split] = new TreeNode(split, IndexOf(feature), 0.5f, -1, leaf, DefaultLeft: true, 0);
            if (first < 0) first = split;
            previous = split;
        }
        var none = Add(nodes, (float)Math.Min(1, MeanBareFade * ratio));
        nodes[previous] = nodes[previous] with { Left = none };
        return first;
    }

    static int Add(List<TreeNode> nodes, float? leaf)
    {
        var id = nodes.Count;
        nodes.Add(new TreeNode(id, 0, 0, -1, -1, true, leaf ?? 0));
        return id;
    }

    static int IndexOf(string feature)
    {
        for (var i = 0; i < DesignFeatures.Names.Count; i++) if (DesignFeatures.Names[i] == feature) return i;
        throw new InvalidOperationException($"feature '{feature}' is not in DesignFeatures.Names");
    }
}
