using Twin.Ml.Trees;

namespace Twin.Ml.Tests.Onnx;

/// <summary>Hand-built ensembles and a tiny managed evaluator that states the expected semantics.</summary>
internal static class TreeFixtures
{
    public static TreeNode Split(int id, int feature, float threshold, int left, int right, bool defaultLeft) =>
        new(id, feature, threshold, left, right, defaultLeft, 0f);

    public static TreeNode Leaf(int id, float value) => new(id, 0, 0f, -1, -1, false, value);

    /// <summary>x0 &lt; 0.5 → 1.5 else -2.25; NaN goes right.</summary>
    public static TreeEnsemble Stump() => new(1, 0f, [new Tree([Split(0, 0, 0.5f, 1, 2, false), Leaf(1, 1.5f), Leaf(2, -2.25f)])]);

    /// <summary>A full depth-3 tree over three features with mixed default directions.</summary>
    public static TreeEnsemble DepthThree() => new(3, 0f, [new Tree([
        Split(0, 0, 0.0f, 1, 2, true),
        Split(1, 1, -1.0f, 3, 4, false),
        Split(2, 2, 2.5f, 5, 6, true),
        Split(3, 2, 0.25f, 7, 8, false),
        Split(4, 0, -0.75f, 9, 10, true),
        Split(5, 1, 1.0f, 11, 12, false),
        Split(6, 1, 0.5f, 13, 14, true),
        Leaf(7, 0.125f), Leaf(8, -0.5f), Leaf(9, 1.0f), Leaf(10, 2.0f),
        Leaf(11, -3.0f), Leaf(12, 0.75f), Leaf(13, 4.5f), Leaf(14, -1.25f),
    ])]);

    /// <summary>A random ensemble of full trees of the given depth, reproducible from <paramref name="seed"/>.</summary>
    public static TreeEnsemble Random(int seed, int featureCount, int trees, int depth, float baseScore)
    {
        var random = new System.Random(seed);
        var list = new List<Tree>();
        for (var t = 0; t < trees; t++)
        {
            var nodes = new List<TreeNode>();
            var internalCount = (1 << depth) - 1;
            var total = (1 << (depth + 1)) - 1;
            for (var id = 0; id < total; id++)
            {
                nodes.Add(id < internalCount
                    ? Split(id, random.Next(featureCount), (float)(random.NextDouble() * 4 - 2), 2 * id + 1, 2 * id + 2, random.Next(2) == 0)
                    : Leaf(id, (float)(random.NextDouble() - 0.5) * 0.2f));
            }

            list.Add(new Tree(nodes));
        }

        return new TreeEnsemble(featureCount, baseScore, list);
    }

    /// <summary>Rows uniform in [-3, 3] with about <paramref name="nanFraction"/> of values NaN.</summary>
    public static float[] RandomRows(int seed, int rows, int featureCount, double nanFraction)
    {
        var random = new System.Random(seed);
        var x = new float[rows * featureCount];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = random.NextDouble() < nanFraction ? float.NaN : (float)(random.NextDouble() * 6 - 3);
        }

        // Hit thresholds exactly now and then: x == threshold must go right under x < threshold.
        for (var i = 0; i < x.Length; i += 17)
        {
            x[i] = 0.5f;
        }

        return x;
    }

    /// <summary>margin = base + Σ leaf; NaN takes the default direction, otherwise x &lt; threshold goes left.</summary>
    public static float Evaluate(TreeEnsemble ensemble, ReadOnlySpan<float> row)
    {
        double sum = ensemble.BaseScore;
        foreach (var tree in ensemble.Trees)
        {
            var node = tree.Nodes[0];
            while (!node.IsLeaf)
            {
                var x = row[node.Feature];
                var left = float.IsNaN(x) ? node.DefaultLeft : x < node.Threshold;
                node = tree.Nodes[left ? node.Left : node.Right];
            }

            sum += node.LeafValue;
        }

        return (float)sum;
    }

    /// <summary>Agreement to float32 precision: a few units in the last place of the sum's magnitude.</summary>
    public static void AssertAgree(TreeEnsemble ensemble, float[] rows, int featureCount, float[] actual)
    {
        var count = rows.Length / featureCount;
        Assert.Equal(count, actual.Length);
        var magnitude = Math.Abs(ensemble.BaseScore) + ensemble.Trees.Sum(t => t.Nodes.Where(n => n.IsLeaf).Max(n => Math.Abs(n.LeafValue)));
        // Each of the n additions of a float sum may round by half a unit of 2^-23 × magnitude.
        var tolerance = Math.Max(1, ensemble.Trees.Count) * Math.Max(1f, magnitude) * 1.2e-7f;
        for (var r = 0; r < count; r++)
        {
            var expected = Evaluate(ensemble, rows.AsSpan(r * featureCount, featureCount));
            if (Math.Abs(expected - actual[r]) > tolerance)
            {
                Assert.Fail($"Row {r}: ORT {actual[r]:R}, managed {expected:R}, tolerance {tolerance:R}.");
            }
        }
    }
}
