using Microsoft.Extensions.Logging;
using Twin.Ml.Interop.OnnxRuntime;
using Twin.Ml.Onnx;

namespace Twin.Ml.Tests.Onnx;

public sealed class OnnxSessionTests
{
    [Fact]
    public void TheCpuProviderIsAvailable()
    {
        var providers = OnnxSession.GetAvailableProviders();

        Assert.Contains("CPUExecutionProvider", providers);
        Assert.All(providers, p => Assert.EndsWith("ExecutionProvider", p));
    }

    [Fact]
    public void ASessionReportsItsInputOutputsAndFeatureCount()
    {
        var model = OnnxTreeModelWriter.Write(3,
            [("soh", TreeFixtures.DepthThree()), ("eol", TreeFixtures.DepthThree())],
            new Dictionary<string, string>(), inputName: "design");

        using var session = OnnxSession.Create(model);

        Assert.Equal(["design"], session.InputNames);
        Assert.Equal(["soh", "eol"], session.OutputNames);
        Assert.Equal([-1L, 3L], session.InputShape);
        Assert.Equal(3, session.FeatureCount);
    }

    [Fact]
    public void OutputsHaveOneValuePerRow()
    {
        using var session = OnnxSession.Create(OnnxTreeModels.Write(TreeFixtures.DepthThree()));

        var outputs = session.Run(new float[7 * 3], 7);

        Assert.Single(outputs);
        Assert.Equal(7, outputs[0].Length);
    }

    [Fact]
    public void MetadataAndProducerRoundTripThroughOrt()
    {
        var metadata = new Dictionary<string, string> { ["features"] = "coating,thickness_um,electrolyte", ["data_sha256"] = "abc123" };
        var model = OnnxTreeModelWriter.Write(1, [("margin", TreeFixtures.Stump())], metadata);
        using var session = OnnxSession.Create(model);

        var read = session.GetMetadata();

        Assert.Equal("Twin", read.ProducerName);
        Assert.Equal(metadata.OrderBy(p => p.Key), read.Properties.OrderBy(p => p.Key));
    }

    [Fact]
    public void ACorruptModelFailsWithOrtsCodeAndMessage()
    {
        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxSession.Create("not an onnx model"u8));

        Assert.Equal(OrtErrorCode.InvalidProtobuf, error.ErrorCode);
        Assert.Contains("protobuf parsing failed", error.OrtMessage);
    }

    [Fact]
    public void AModelWithAnUnknownOperatorFailsWithTheNodeInTheMessage()
    {
        var model = OnnxTreeModels.Write(TreeFixtures.Stump());
        // Same length, so the protobuf stays valid; only the op type becomes unknown.
        var text = System.Text.Encoding.Latin1.GetString(model).Replace("TreeEnsembleRegressor", "TreeEnsembleRegressoX");

        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxSession.Create(System.Text.Encoding.Latin1.GetBytes(text)));

        Assert.Equal(OrtErrorCode.InvalidGraph, error.ErrorCode);
        Assert.Contains("TreeEnsembleRegressoX", error.OrtMessage);
    }

    [Fact]
    public void AnAlreadyCancelledTokenTerminatesTheRunThroughRunOptions()
    {
        using var session = OnnxSession.Create(OnnxTreeModels.Write(TreeFixtures.Stump()));
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var error = Assert.Throws<OperationCanceledException>(() => session.Run([0f], 1, cts.Token));

        Assert.Equal(cts.Token, error.CancellationToken);
        var ort = Assert.IsType<OnnxRuntimeException>(error.InnerException);
        Assert.Contains("terminate", ort.OrtMessage);
    }

    [Fact]
    public void ACancellableTokenThatIsNotCancelledRunsNormally()
    {
        using var session = OnnxSession.Create(OnnxTreeModels.Write(TreeFixtures.Stump()));
        using var cts = new CancellationTokenSource();

        Assert.Equal([1.5f, -2.25f], session.Run([0f, 1f], 2, cts.Token)[0]);
    }

    [Fact]
    public void TheSpanOverloadWritesTheFirstOutput()
    {
        var model = OnnxTreeModelWriter.Write(1,
            [("a", TreeFixtures.Stump()), ("b", TreeFixtures.Stump() with { BaseScore = 10f })], new Dictionary<string, string>());
        using var session = OnnxSession.Create(model);
        var destination = new float[3];

        var written = session.Run([0f, 1f], 2, destination);

        Assert.Equal(2, written);
        Assert.Equal([1.5f, -2.25f, 0f], destination);
    }

    [Fact]
    public void TheSpanOverloadRejectsATooSmallDestination()
    {
        using var session = OnnxSession.Create(OnnxTreeModels.Write(TreeFixtures.Stump()));

        var error = Assert.Throws<ArgumentException>(() => session.Run([0f, 1f], 2, new float[1]));

        Assert.Equal("destination", error.ParamName);
    }

    [Fact]
    public void AFeatureCountMismatchIsRejectedBeforeOrtIsCalled()
    {
        using var session = OnnxSession.Create(OnnxTreeModels.Write(TreeFixtures.DepthThree()));

        var error = Assert.Throws<ArgumentException>(() => session.Run(new float[5], 2));

        Assert.Equal("features", error.ParamName);
    }

    [Fact]
    public void VerboseOrtLogLinesReachTheSessionLogger()
    {
        var logger = new CollectingLogger();

        using var session = OnnxSession.Create(OnnxTreeModels.Write(TreeFixtures.Stump()),
            new OnnxSessionOptions { LogSeverity = OrtLoggingLevel.Verbose }, logger);

        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Trace);
        Assert.All(logger.Entries, e => Assert.Equal(7100, e.EventId.Id));
        Assert.All(logger.Entries, e => Assert.StartsWith("[twin-onnx-", e.Message));
    }

    [Fact]
    public void AtTheDefaultSeverityASessionLogsNothingBelowWarning()
    {
        var logger = new CollectingLogger();

        using var session = OnnxSession.Create(OnnxTreeModels.Write(TreeFixtures.Stump()), logger: logger);
        session.Run([0f], 1);

        Assert.DoesNotContain(logger.Entries, e => e.Level < LogLevel.Warning);
    }

    [Fact]
    public void ConcurrentRunsOnOneSessionAllAgreeWithTheManagedEvaluator()
    {
        var ensemble = TreeFixtures.Random(seed: 5, featureCount: 4, trees: 20, depth: 4, baseScore: 0.5f);
        using var session = OnnxSession.Create(OnnxTreeModels.Write(ensemble));

        Parallel.For(0, 64, i =>
        {
            var rows = TreeFixtures.RandomRows(seed: i, rows: 50, featureCount: 4, nanFraction: 0.1);
            TreeFixtures.AssertAgree(ensemble, rows, 4, session.Run(rows, 50)[0]);
        });
    }

    [Fact]
    public void ADisposedSessionRefusesToRun()
    {
        var session = OnnxSession.Create(OnnxTreeModels.Write(TreeFixtures.Stump()));
        session.Dispose();

        Assert.Throws<ObjectDisposedException>(() => session.Run([0f], 1));
    }

    [Fact]
    public void SpinningAndThreadOptionsAreAccepted()
    {
        using var session = OnnxSession.Create(OnnxTreeModels.Write(TreeFixtures.Stump()),
            new OnnxSessionOptions { IntraOpThreads = 2, InterOpThreads = 2, AllowSpinning = true });

        Assert.Equal([1.5f], session.Run([0f], 1)[0]);
    }

    [Fact]
    public void ZeroIntraOpThreadsIsRejectedWithTheSettingName()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            OnnxSession.Create(OnnxTreeModels.Write(TreeFixtures.Stump()), new OnnxSessionOptions { IntraOpThreads = 0 }));

        Assert.Equal("IntraOpThreads", error.ParamName);
    }

    [Fact]
    public void ZeroRowsAreRejected()
    {
        using var session = OnnxSession.Create(OnnxTreeModels.Write(TreeFixtures.Stump()));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => session.Run([], 0));

        Assert.Equal("rows", error.ParamName);
    }
}
