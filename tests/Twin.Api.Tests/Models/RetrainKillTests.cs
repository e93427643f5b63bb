using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Twin.Tests.Shared;

namespace Twin.Api.Tests.Models;

/// <summary>kill -9 of a real server process while a retraining job trains: after a restart the serving model is unchanged and no half-written version exists.</summary>
public sealed class RetrainKillTests : IDisposable
{
    readonly string _data = Directory.CreateTempSubdirectory("twin-retrain-kill-").FullName;

    [Fact]
    public async Task AServerKilledWhileTrainingRestartsOnItsServingModelWithNoPartialVersion()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        string serving;
        using (var first = await ServerProcess.StartAsync(_data, timeout.Token))
        {
            serving = (await first.Client.GetFromJsonAsync<JsonElement>("/api/models", timeout.Token)).GetProperty("serving").GetString()!;
            using var start = await first.Client.PostAsync("/api/models/retrain", null, timeout.Token);
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            var id = (await start.Content.ReadFromJsonAsync<JsonElement>(timeout.Token)).GetProperty("id").GetString();
            JsonElement job;
            do
            {
                await Task.Delay(100, timeout.Token);
                job = await first.Client.GetFromJsonAsync<JsonElement>($"/api/models/jobs/{id}", timeout.Token);
            } while (job.GetProperty("stage").GetString() != "training");
            first.Process.Kill(); // SIGKILL: no shutdown, no cleanup.
            await first.Process.WaitForExitAsync(timeout.Token);
        }

        using var second = await ServerProcess.StartAsync(_data, timeout.Token);
        var models = await second.Client.GetFromJsonAsync<JsonElement>("/api/models", timeout.Token);
        Assert.Equal(serving, models.GetProperty("serving").GetString());
        Assert.Equal(0, models.GetProperty("versions").GetArrayLength());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_data, "models")));
        using var design = await second.Client.PostAsJsonAsync("/api/forecasts/design",
            new { electrode = "LFP/graphite", coating = "none", electrolyte = "LiPF6 in EC/DMC", c_rate = 1, temperature_C = 25 }, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, design.StatusCode);
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}
