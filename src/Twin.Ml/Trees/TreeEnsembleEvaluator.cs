namespace Twin.Ml.Trees;

/// <summary>
/// A plain managed evaluator of a <see cref="TreeEnsemble"/>: the reference the tests and the model gates
/// hold XGBoost's and ONNX Runtime's predictions against. It follows XGBoost's CPU predictor exactly:
/// <c>x &lt; threshold</c> goes left, NaN goes the node's default direction, and the margin is accumulated
/// in float, base score first, then tree by tree in order.
/// </summary>
public static class TreeEnsembleEvaluator
{
    public static float PredictMargin(TreeEnsemble ensemble, ReadOnlySpan<float> row)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        if (row.Length != ensemble.FeatureCount)
        {
            throw new ArgumentException(
                $"The row has {row.Length} features; the ensemble expects {ensemble.FeatureCount}.", nameof(row));
        }

        var margin = ensemble.BaseScore;
        foreach (var tree in ensemble.Trees)
        {
            margin += Leaf(tree, row).LeafValue;
        }

        return margin;
    }

    /// <summary>Margins for a row-major batch of <c>rows.Length / FeatureCount</c> rows.</summary>
    public static float[] PredictMargins(TreeEnsemble ensemble, ReadOnlySpan<float> rows)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        var width = ensemble.FeatureCount;
        if (width == 0 || rows.Length % width != 0)
        {
            throw new ArgumentException(
                $"{rows.Length} values are not whole rows of {width} features.", nameof(rows));
        }

        var margins = new float[rows.Length / width];
        for (var i = 0; i < margins.Length; i++)
        {
            margins[i] = PredictMargin(ensemble, rows.Slice(i * width, width));
        }

        return margins;
    }

    /// <summary>The leaf <paramref name="row"/> lands in.</summary>
    public static TreeNode Leaf(Tree tree, ReadOnlySpan<float> row)
    {
        var nodes = tree.Nodes;
        var node = nodes[0];
        // A well-formed tree reaches a leaf in fewer steps than it has nodes; more means a cycle.
        for (var steps = 0; !node.IsLeaf; steps++)
        {
            if (steps >= nodes.Count)
            {
                throw new InvalidOperationException("The tree has a cycle: no leaf reached.");
            }

            var x = row[node.Feature];
            var next = float.IsNaN(x) ? (node.DefaultLeft ? node.Left : node.Right)
                : x < node.Threshold ? node.Left
                : node.Right;
            node = nodes[next];
        }

        return node;
    }
}
