using Twin.Ml.Inference;
using Twin.Ml.Onnx;
using Twin.Ml.Trees;
using static Twin.Ml.Tests.Onnx.TreeFixtures;

namespace Twin.Ml.Tests.Onnx;

/// <summary>Models written by <see cref="OnnxTreeModelWriter"/>, run by ONNX Runtime, against the managed evaluator.</summary>
public sealed class OnnxTreeModelWriterTests
{
    private const int ManyRows = 5_000;

    [Fact]
    public void AStumpSendsValuesBelowTheThresholdLeftAndEqualOrNaNRight()
    {
        using var session = OnnxModel.Create(OnnxTreeModels.Write(Stump()));

        var margin = session.Run(new float[] { 0.49f, 0.5f, 0.51f, float.NaN, float.NegativeInfinity }, 5)[0];

        Assert.Equal([1.5f, -2.25f, -2.25f, -2.25f, 1.5f], margin);
    }

    [Fact]
    public void ADepthThreeTreeTakesTheDefaultDirectionForNaNAtEveryLevel()
    {
        var ensemble = DepthThree();
        using var session = OnnxModel.Create(OnnxTreeModels.Write(ensemble));
        float[] rows =
        [
            float.NaN, float.NaN, float.NaN,   // 0 left → 1 right(no default) → 4 default left → 9
            1f, float.NaN, float.NaN,          // 0 right → 2 default left → 5 default right → 12
            1f, float.NaN, 3f,                 // 0 right → 2 right → 6 default left → 13
            -1f, -2f, float.NaN,               // 0 left → 1 left → 3 default right → 8
        ];

        var margin = session.Run(rows, 4)[0];

        Assert.Equal([1.0f, 0.75f, 4.5f, -0.5f], margin);
        AssertAgree(ensemble, rows, 3, margin);
    }

    [Fact]
    public void ADepthThreeTreeAgreesWithTheManagedEvaluatorOnManyRowsWithNaN()
    {
        var ensemble = DepthThree();
        using var session = OnnxModel.Create(OnnxTreeModels.Write(ensemble));
        var rows = RandomRows(seed: 1, ManyRows, featureCount: 3, nanFraction: 0.2);

        AssertAgree(ensemble, rows, 3, session.Run(rows, ManyRows)[0]);
    }

    [Fact]
    public void SeveralTreesAreSummedOntoTheBaseScore()
    {
        var ensemble = Random(seed: 2, featureCount: 5, trees: 50, depth: 5, baseScore: 0.75f);
        using var session = OnnxModel.Create(OnnxTreeModels.Write(ensemble));
        var rows = RandomRows(seed: 3, ManyRows, featureCount: 5, nanFraction: 0.1);

        AssertAgree(ensemble, rows, 5, session.Run(rows, ManyRows)[0]);
    }

    [Fact]
    public void ATreeThatIsOnlyALeafAddsItsValueToTheBaseScore()
    {
        using var session = OnnxModel.Create(OnnxTreeModels.Write(new TreeEnsemble(2, 0.5f, [new Tree([Leaf(0, 0.25f)])])));

        Assert.Equal([0.75f, 0.75f], session.Run(new float[] { 1f, 2f, float.NaN, 4f }, 2)[0]);
    }

    [Fact]
    public void TwoOutputsInOneModelEachFollowTheirOwnEnsemble()
    {
        var first = Random(seed: 4, featureCount: 6, trees: 30, depth: 6, baseScore: -1.5f);
        var second = Random(seed: 5, featureCount: 6, trees: 10, depth: 3, baseScore: 2f);
        var model = OnnxTreeModelWriter.Write(6, [("eol_cycles", first), ("fade_rate", second)], new Dictionary<string, string>());
        using var session = OnnxModel.Create(model);
        var rows = RandomRows(seed: 6, ManyRows, featureCount: 6, nanFraction: 0.15);

        var outputs = session.Run(rows, ManyRows);

        Assert.Equal(["eol_cycles", "fade_rate"], session.OutputNames);
        AssertAgree(first, rows, 6, outputs[0]);
        AssertAgree(second, rows, 6, outputs[1]);
    }

    [Fact]
    public void SingleRowRunsMatchTheBatchRun()
    {
        var ensemble = Random(seed: 7, featureCount: 4, trees: 40, depth: 6, baseScore: 0.1f);
        using var session = OnnxModel.Create(OnnxTreeModels.Write(ensemble));
        var rows = RandomRows(seed: 8, rows: 200, featureCount: 4, nanFraction: 0.1);
        var batch = session.Run(rows, 200)[0];
        var one = new float[1];

        for (var r = 0; r < 200; r++)
        {
            session.RunRow(rows.AsSpan(r * 4, 4), one);
            Assert.Equal(batch[r], one[0]);
        }
    }

    [Fact]
    public void ANodeWithAFeatureOutsideTheInputIsRejected()
    {
        var ensemble = new TreeEnsemble(2, 0f, [new Tree([Split(0, 2, 0f, 1, 2, true), Leaf(1, 1f), Leaf(2, 2f)])]);

        var error = Assert.Throws<ArgumentException>(() => OnnxTreeModelWriter.Write(2, [("margin", ensemble)], new Dictionary<string, string>()));

        Assert.Contains("tree 0, node 0: feature 2 must be below 2", error.Message);
    }

    [Fact]
    public void NodeIdsOutOfOrderAreRejected()
    {
        var ensemble = new TreeEnsemble(1, 0f, [new Tree([Split(0, 0, 0f, 1, 2, true), Leaf(2, 1f), Leaf(1, 2f)])]);

        var error = Assert.Throws<ArgumentException>(() => OnnxTreeModelWriter.Write(1, [("margin", ensemble)], new Dictionary<string, string>()));

        Assert.Contains("node at position 1 has id 2", error.Message);
    }

    [Fact]
    public void AnOutputNamedLikeTheInputIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            OnnxTreeModelWriter.Write(1, [("features", Stump())], new Dictionary<string, string>()));

        Assert.Contains("'features' is used twice", error.Message);
    }

    [Fact]
    public void TheSameInputsWriteTheSameBytes()
    {
        var metadata = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" };

        Assert.Equal(
            OnnxTreeModelWriter.Write(3, [("m", DepthThree())], metadata),
            OnnxTreeModelWriter.Write(3, [("m", DepthThree())], new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }));
    }
}
