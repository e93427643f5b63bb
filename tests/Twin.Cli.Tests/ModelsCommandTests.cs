using Twin.Tests.Shared;

namespace Twin.Cli.Tests;

/// <summary>`twin retrain` and `twin models` against a real server process.</summary>
public sealed class ModelsCommandTests : IDisposable
{
    readonly string _data = Directory.CreateTempSubdirectory("twin-cli-models-").FullName;

    [Fact]
    public async Task RetrainWaitsForTheJobAndModelsListShowsTheNewVersionBesideTheServingOne()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        using var server = await ServerProcess.StartAsync(_data, timeout.Token);
        var url = server.BaseAddress.ToString();

        var (code, stdout, stderr) = TwinProcess.Run("retrain", "--server", url, "--wait");
        Assert.True(code == 0, stderr);
        Assert.Contains("gate ort_vs_xgboost: passed", stdout);
        var version = stdout.Split('\n').Last(l => l.StartsWith("succeeded: version ")).Split(' ')[2].Trim();

        var (listed, list, _) = TwinProcess.Run("models", "list", "--server", url);
        Assert.Equal(0, listed);
        Assert.StartsWith("serving ", list);
        Assert.Contains(version + "  created", list);

        var (shown, card, _) = TwinProcess.Run("models", "show", version, "--server", url);
        Assert.Equal(0, shown);
        Assert.Contains("\"store_cells\": 0", card);
    }

    [Fact]
    public async Task AnUnknownVersionIsExitCode2WithTheServersReason()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var server = await ServerProcess.StartAsync(_data, timeout.Token);
        var (code, _, stderr) = TwinProcess.Run("models", "show", "no-such", "--server", server.BaseAddress.ToString());
        Assert.Equal(2, code);
        Assert.Contains("Unknown model version", stderr);
        var (bad, _, message) = TwinProcess.Run("models", "list", "--server", "ftp://x");
        Assert.Equal(2, bad);
        Assert.Contains("--server must be an http(s) URL", message);
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}
