using Microsoft.ML.OnnxRuntime;
using Twin.Ml.Inference;
using Twin.Ml.Tests.Onnx;

namespace Twin.Ml.Tests.Inference;

/// <summary>A cancelled token reaches ORT as RunOptions.Terminate: ORT itself refuses to run.</summary>
public sealed class CancellationTests
{
    [Fact]
    public void ACancelledTokenTerminatesABatchRunInsideOrt()
    {
        using var model = OnnxModel.Create(OnnxTreeModels.Write(TreeFixtures.Stump()));
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var error = Assert.Throws<OperationCanceledException>(() => model.Run(new float[] { 0f }, 1, cts.Token));

        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Contains("terminate", Assert.IsType<OnnxRuntimeException>(error.InnerException).Message);
    }

    [Fact]
    public void ACancelledTokenTerminatesAPreBoundRowRunAndTheThreadsBuffersRunAgainAfterwards()
    {
        using var model = OnnxModel.Create(OnnxTreeModels.Write(TreeFixtures.Stump()));
        var output = new float[1];
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var error = Assert.Throws<OperationCanceledException>(() => model.RunRow([0f], output, cts.Token));
        Assert.Contains("terminate", Assert.IsType<OnnxRuntimeException>(error.InnerException).Message);

        // Same thread, same bound RunOptions: the terminate flag was cleared.
        model.RunRow([1f], output, new CancellationTokenSource().Token);
        Assert.Equal(-2.25f, output[0]);
        model.RunRow([0f], output);
        Assert.Equal(1.5f, output[0]);
    }

    [Fact]
    public void ACancellableTokenThatIsNotCancelledRunsNormally()
    {
        using var model = OnnxModel.Create(OnnxTreeModels.Write(TreeFixtures.Stump()));
        using var cts = new CancellationTokenSource();

        Assert.Equal([1.5f, -2.25f], model.Run(new float[] { 0f, 1f }, 2, cts.Token)[0]);
    }
}
