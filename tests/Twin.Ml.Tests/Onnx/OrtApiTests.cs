using Twin.Ml.Interop.OnnxRuntime;

namespace Twin.Ml.Tests.Onnx;

/// <summary>Entries of the function table not reached through OnnxSession's public surface.</summary>
public sealed class OrtApiTests
{
    [Fact]
    public void TheSharedCpuMemoryInfoIsNamedCpu()
    {
        Assert.Equal("Cpu", OrtEnvironment.GetMemoryInfoName(OrtEnvironment.CpuMemoryInfo));
    }

    [Fact]
    public void AMemoryInfoCanBeCreatedAndReleasedOnItsOwn()
    {
        var memoryInfo = OrtEnvironment.CreateCpuMemoryInfo();
        Assert.Equal("Cpu", OrtEnvironment.GetMemoryInfoName(memoryInfo));

        memoryInfo.Dispose();

        Assert.True(memoryInfo.IsClosed);
    }

    [Fact]
    public void ASecondEnvIsTheProcessEnvAndReleasingItLeavesSessionsWorking()
    {
        var shared = OrtEnvironment.Env.Pointer;

        using (var second = OrtEnvironment.CreateEnv(OrtLoggingLevel.Warning))
        {
            Assert.Equal(shared, second.Pointer);
        }

        using var session = OnnxSession.Create(OnnxTreeModels.Write(TreeFixtures.Stump()));
        Assert.Equal([1.5f], session.Run([0f], 1)[0]);
    }
}
