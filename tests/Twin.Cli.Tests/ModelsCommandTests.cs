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

        var shipped = list.Split('\n')[0]["serving ".Length..].Trim();
        var (promoted, promoteOut, promoteErr) = TwinProcess.Run("models", "promote", version, "--server", url);
        Assert.True(promoted == 0, promoteErr);
        Assert.Equal($"{version} serves (was {shipped})", promoteOut.Trim());
        Assert.StartsWith($"serving {version}", TwinProcess.Run("models", "list", "--server", url).StdOut);

        var (twice, _, twiceErr) = TwinProcess.Run("models", "promote", version, "--server", url);
        Assert.Equal(2, twice);
        Assert.Contains("already serves", twiceErr);

        var (rolled, rollOut, _) = TwinProcess.Run("models", "rollback", version, "--server", url);
        Assert.Equal(0, rolled);
        Assert.Equal($"rolled back {version}: {shipped} serves", rollOut.Trim());

        var (jobs, jobsOut, _) = TwinProcess.Run("models", "jobs", "--server", url);
        Assert.Equal(0, jobs);
        Assert.Matches($"succeeded .* 100%  version {version}", jobsOut);
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
        Assert.Contains("is not an http(s) address", message);
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}
