using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Twin.Tests.Shared;
using Xunit.Abstractions;

namespace Twin.Api.Tests.Models;

/// <summary>
/// kill -9 of a real server process while a retraining job trains, and while a version is being
/// promoted: after a restart the serving model is a complete, gated version, the killed job shows
/// failed, and nothing half-written is left.
/// </summary>
public sealed class RetrainKillTests(ITestOutputHelper output) : IDisposable
{
    readonly string _data = Directory.CreateTempSubdirectory("twin-retrain-kill-").FullName;

    static async Task<JsonElement> WaitForJobAsync(HttpClient client, string id, Func<JsonElement, bool> until, CancellationToken ct)
    {
        while (true)
        {
            var job = await client.GetFromJsonAsync<JsonElement>($"/api/models/jobs/{id}", ct);
            if (until(job)) return job;
            await Task.Delay(100, ct);
        }
    }

    static async Task<string> DesignForecastVersionAsync(HttpClient client, CancellationToken ct)
    {
        using var design = await client.PostAsJsonAsync("/api/forecasts/design",
            new { electrode = "LFP/graphite", coating = "none", electrolyte = "LiPF6 in EC/DMC", c_rate = 1, temperature_C = 25 }, ct);
        Assert.Equal(HttpStatusCode.OK, design.StatusCode);
        return (await design.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("model_version").GetString()!;
    }

    static int TrainedVersions(JsonElement models) => models.GetProperty("versions").EnumerateArray().Count(v => !v.GetProperty("shipped").GetBoolean());

    [Fact]
    public async Task AServerKilledWhileTrainingRestartsOnItsServingModelWithTheJobFailedAndNoPartialVersion()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        string serving, id;
        using (var first = await ServerProcess.StartAsync(_data, timeout.Token))
        {
            serving = (await first.Client.GetFromJsonAsync<JsonElement>("/api/models", timeout.Token)).GetProperty("serving").GetString()!;
            using var start = await first.Client.PostAsync("/api/models/retrain", null, timeout.Token);
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            id = (await start.Content.ReadFromJsonAsync<JsonElement>(timeout.Token)).GetProperty("id").GetString()!;
            await WaitForJobAsync(first.Client, id, j => j.GetProperty("stage").GetString() == "training", timeout.Token);
            first.Process.Kill(); // SIGKILL: no shutdown, no cleanup.
            await first.Process.WaitForExitAsync(timeout.Token);
        }

        using var second = await ServerProcess.StartAsync(_data, timeout.Token);
        var models = await second.Client.GetFromJsonAsync<JsonElement>("/api/models", timeout.Token);
        Assert.Equal(serving, models.GetProperty("serving").GetString());
        Assert.Equal(0, TrainedVersions(models));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_data, "models")));
        var job = await second.Client.GetFromJsonAsync<JsonElement>($"/api/models/jobs/{id}", timeout.Token);
        output.WriteLine($"after the restart: job {id} is {job.GetProperty("state")} at stage {job.GetProperty("stage")}: {job.GetProperty("error")}");
        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Contains("killed", job.GetProperty("error").GetString());
        Assert.Equal(serving, await DesignForecastVersionAsync(second.Client, timeout.Token));
        // The slot is free again: a new job starts.
        using var again = await second.Client.PostAsync("/api/models/retrain", null, timeout.Token);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
    }

    [Fact]
    public async Task AServerKilledWhilePromotingRestartsOnTheOldOrTheNewVersionWhole()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        string shipped, version;
        using (var first = await ServerProcess.StartAsync(_data, timeout.Token))
        {
            shipped = (await first.Client.GetFromJsonAsync<JsonElement>("/api/models", timeout.Token)).GetProperty("serving").GetString()!;
            using var start = await first.Client.PostAsync("/api/models/retrain", null, timeout.Token);
            var id = (await start.Content.ReadFromJsonAsync<JsonElement>(timeout.Token)).GetProperty("id").GetString()!;
            var done = await WaitForJobAsync(first.Client, id, j => j.GetProperty("state").GetString() is not ("queued" or "running"), timeout.Token);
            Assert.Equal("succeeded", done.GetProperty("state").GetString());
            version = done.GetProperty("version").GetString()!;

            // The promotion is sent and the server killed without waiting for its answer.
            var promote = first.Client.PostAsync($"/api/models/{version}/promote", null, timeout.Token);
            await Task.Delay(Random.Shared.Next(0, 30), timeout.Token);
            first.Process.Kill();
            await first.Process.WaitForExitAsync(timeout.Token);
            try { (await promote).Dispose(); } catch (HttpRequestException) { } // the answer may never come
        }

        using var second = await ServerProcess.StartAsync(_data, timeout.Token);
        var models = await second.Client.GetFromJsonAsync<JsonElement>("/api/models", timeout.Token);
        var serving = models.GetProperty("serving").GetString();
        output.WriteLine($"after the kill during the promotion of {version}: {serving} serves");
        Assert.Contains(serving, new[] { shipped, version });
        Assert.Equal(serving, models.GetProperty("serving_on_this_silo").GetString());
        Assert.Equal(serving, await DesignForecastVersionAsync(second.Client, timeout.Token));
        Assert.True(File.Exists(Path.Combine(_data, "models", version, "twin-design.onnx")));
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}
