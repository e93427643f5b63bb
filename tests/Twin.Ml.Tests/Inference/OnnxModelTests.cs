using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Twin.Ml.Inference;
using Twin.Ml.Onnx;
using Twin.Ml.Tests.Onnx;

namespace Twin.Ml.Tests.Inference;

public sealed class OnnxModelTests
{
    [Fact]
    public void ThePackagesLibraryLoadsAsVersion1_31_1WithTheCpuProvider()
    {
        Assert.Equal("1.31.1", OnnxModel.RuntimeVersion);
        Assert.Contains("CPUExecutionProvider", OnnxModel.AvailableProviders);
    }

    [Fact]
    public void AModelReportsItsInputOutputsAndFeatureCount()
    {
        var onnx = OnnxTreeModelWriter.Write(3,
            [("soh", TreeFixtures.DepthThree()), ("eol", TreeFixtures.DepthThree())], new Dictionary<string, string>(), inputName: "design");

        using var model = OnnxModel.Create(onnx);

        Assert.Equal("design", model.InputName);
        Assert.Equal(["soh", "eol"], model.OutputNames);
        Assert.Equal(3, model.FeatureCount);
        Assert.Equal(2, model.OutputLength);
    }

    [Fact]
    public void MetadataAndProducerRoundTripThroughOrt()
    {
        var metadata = new Dictionary<string, string> { ["features"] = "coating,thickness_um", ["data_sha256"] = "abc123" };
        using var model = OnnxModel.Create(OnnxTreeModelWriter.Write(1, [("margin", TreeFixtures.Stump())], metadata));

        Assert.Equal("Twin", model.Metadata.ProducerName);
        Assert.Equal(metadata.OrderBy(p => p.Key), model.Metadata.CustomMetadataMap.OrderBy(p => p.Key));
    }

    [Fact]
    public void ABatchRunGivesOneValuePerRowPerOutput()
    {
        var onnx = OnnxTreeModelWriter.Write(1,
            [("a", TreeFixtures.Stump()), ("b", TreeFixtures.Stump() with { BaseScore = 10f })], new Dictionary<string, string>());
        using var model = OnnxModel.Create(onnx);

        var outputs = model.Run(new float[] { 0f, 1f, float.NaN }, 3);

        Assert.Equal([1.5f, -2.25f, -2.25f], outputs[0]);
        Assert.Equal([11.5f, 7.75f, 7.75f], outputs[1]);
    }

    [Fact]
    public void ARowRunOnPreBoundBuffersEqualsTheBatchRunBitForBit()
    {
        var ensemble = TreeFixtures.Random(seed: 3, featureCount: 4, trees: 30, depth: 4, baseScore: 0.25f);
        using var model = OnnxModel.Create(OnnxTreeModels.Write(ensemble));
        var rows = TreeFixtures.RandomRows(seed: 9, rows: 200, featureCount: 4, nanFraction: 0.1);

        var batch = model.Run(rows, 200)[0];
        var single = new float[200];
        for (var i = 0; i < 200; i++) model.RunRow(rows.AsSpan(i * 4, 4), single.AsSpan(i, 1));

        Assert.Equal(batch, single);
        TreeFixtures.AssertAgree(ensemble, rows, 4, single);
    }

    [Fact]
    public void ConcurrentRowAndBatchRunsAllAgreeWithTheManagedEvaluator()
    {
        var ensemble = TreeFixtures.Random(seed: 5, featureCount: 4, trees: 20, depth: 4, baseScore: 0.5f);
        using var model = OnnxModel.Create(OnnxTreeModels.Write(ensemble));

        Parallel.For(0, 64, i =>
        {
            var rows = TreeFixtures.RandomRows(seed: i, rows: 50, featureCount: 4, nanFraction: 0.1);
            TreeFixtures.AssertAgree(ensemble, rows, 4, model.Run(rows, 50)[0]);
            var single = new float[50];
            for (var r = 0; r < 50; r++) model.RunRow(rows.AsSpan(r * 4, 4), single.AsSpan(r, 1));
            TreeFixtures.AssertAgree(ensemble, rows, 4, single);
        });
    }

    [Fact]
    public void ACorruptModelFailsWithOrtsMessage()
    {
        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxModel.Create("not an onnx model"u8.ToArray()));

        Assert.Contains("InvalidProtobuf", error.Message);
    }

    [Fact]
    public void AModelWithAnUnknownOperatorFailsWithTheOperatorInTheMessage()
    {
        // Same length, so the protobuf stays valid; only the op type becomes unknown.
        var text = System.Text.Encoding.Latin1.GetString(OnnxTreeModels.Write(TreeFixtures.Stump())).Replace("TreeEnsembleRegressor", "TreeEnsembleRegressoX");

        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxModel.Create(System.Text.Encoding.Latin1.GetBytes(text)));

        Assert.Contains("TreeEnsembleRegressoX", error.Message);
    }

    [Fact]
    public void AFeatureCountMismatchIsRejectedBeforeOrtIsCalled()
    {
        using var model = OnnxModel.Create(OnnxTreeModels.Write(TreeFixtures.DepthThree()));

        Assert.Equal("features", Assert.Throws<ArgumentException>(() => model.Run(new float[5], 2)).ParamName);
        Assert.Equal("row", Assert.Throws<ArgumentException>(() => model.RunRow(new float[2], new float[1])).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => model.Run(Array.Empty<float>(), 0)).ParamName);
    }

    [Fact]
    public void ATooSmallDestinationIsRejected()
    {
        using var model = OnnxModel.Create(OnnxTreeModelWriter.Write(1,
            [("a", TreeFixtures.Stump()), ("b", TreeFixtures.Stump())], new Dictionary<string, string>()));

        var error = Assert.Throws<ArgumentException>(() => model.RunRow([0f], new float[1]));

        Assert.Equal("destination", error.ParamName);
    }

    [Fact]
    public void ADisposedModelRefusesToRun()
    {
        var model = OnnxModel.Create(OnnxTreeModels.Write(TreeFixtures.Stump()));
        model.RunRow([0f], new float[1]);
        model.Dispose();
        model.Dispose();

        Assert.Throws<ObjectDisposedException>(() => model.Run(new float[] { 0f }, 1));
        Assert.Throws<ObjectDisposedException>(() => model.RunRow([0f], new float[1]));
    }

    [Fact]
    public void ZeroIntraOpThreadsIsRejectedWithTheSettingName()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            OnnxModel.Create(OnnxTreeModels.Write(TreeFixtures.Stump()), new OnnxModelOptions { IntraOpThreads = 0 }));

        Assert.Equal("IntraOpThreads", error.ParamName);
    }

    [Fact]
    public void SpinningAndThreadOptionsAreAccepted()
    {
        using var model = OnnxModel.Create(OnnxTreeModels.Write(TreeFixtures.Stump()),
            new OnnxModelOptions { IntraOpThreads = 2, InterOpThreads = 2, AllowSpinning = true });

        Assert.Equal([1.5f], model.Run(new float[] { 0f }, 1)[0]);
    }

    [Fact]
    public void VerboseOrtLogLinesReachTheModelsLogger()
    {
        var logger = new CollectingLogger();

        using var model = OnnxModel.Create(OnnxTreeModels.Write(TreeFixtures.Stump()), new OnnxModelOptions { LogLevel = LogLevel.Trace }, logger);

        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Trace);
        Assert.All(logger.Entries, e => Assert.Equal(OnnxRuntimeLog.EventId, e.EventId));
        Assert.All(logger.Entries, e => Assert.StartsWith("[twin-onnx-", e.Message));
    }

    [Fact]
    public void AtTheDefaultLevelAModelLogsNothingBelowWarning()
    {
        var logger = new CollectingLogger();

        using var model = OnnxModel.Create(OnnxTreeModels.Write(TreeFixtures.Stump()), logger: logger);
        model.Run(new float[] { 0f }, 1);
        model.RunRow([1f], new float[1]);

        Assert.DoesNotContain(logger.Entries, e => e.Level < LogLevel.Warning);
    }
}
