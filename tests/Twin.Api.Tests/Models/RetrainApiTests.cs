using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Twin.Core.Cycles;
using Twin.Core.Designs;
using Twin.Core.Fade;
using Twin.Storage;

namespace Twin.Api.Tests.Models;

/// <summary>A retraining job on a real server (in process) over SQLite: the shipped data plus the store's cells, gated, written as a version.</summary>
public sealed class RetrainApiTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    static readonly CellDesign Lfp = new("LFP/graphite", "none", null, null, null, "LiPF6 in EC/DMC", "liquid_carbonate", null, 4, 30, 4);

    async Task SeedAsync(string id, double eol, int cycles)
    {
        using var scope = factory.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ICellStore>().UpsertCellAsync(new CellRow(id, Lfp, new Dictionary<string, string> { ["fleet"] = "rt" }, 1.1, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));
        var law = new FadeLaw(eol, 1.6);
        var rows = Enumerable.Range(1, cycles).Where(n => n % 5 == 0 || n < 20).Select(n => new CycleRecord(id, n, 1.1 * law.Soh(n))).ToArray();
        await scope.ServiceProvider.GetRequiredService<ICycleStore>().AppendAsync(rows, AppendMode.AllOrNothing);
    }

    [Fact]
    public async Task ARetrainJobTrainsOnTheStoreGatesAndWritesAVersionWithoutChangingTheServingModel()
    {
        await SeedAsync("rt-done", 600, 640);
        await SeedAsync("rt-running", 900, 300);
        using var client = factory.CreateClient();
        var serving = (await client.GetFromJsonAsync<JsonElement>("/api/models")).GetProperty("serving").GetString();

        using var start = await client.PostAsync("/api/models/retrain", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using (var again = await client.PostAsync("/api/models/retrain", null))
        {
            // One job at a time: a second start names the running one (unless the first already finished).
            var job = await client.GetFromJsonAsync<JsonElement>($"/api/models/jobs/{id}");
            if (job.GetProperty("state").GetString() is "queued" or "running")
                Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        JsonElement done;
        var deadline = DateTime.UtcNow.AddMinutes(10);
        do
        {
            await Task.Delay(500);
            done = await client.GetFromJsonAsync<JsonElement>($"/api/models/jobs/{id}");
        } while (done.GetProperty("state").GetString() is "queued" or "running" && DateTime.UtcNow < deadline);

        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        Assert.Contains(done.GetProperty("log").EnumerateArray(), l => l.GetString()!.Contains("2 cells with enough cycles (1 finished, 1 running, censored)"));
        Assert.True(done.GetProperty("timings_s").GetProperty("train").GetDouble() > 0);
        var version = done.GetProperty("version").GetString()!;
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/models/{version}");
        var gates = detail.GetProperty("gates");
        Assert.True(gates.GetProperty("passed").GetBoolean());
        Assert.Equal(2, gates.GetProperty("store_cells").GetInt32());
        Assert.Equal(2, gates.GetProperty("store_cells_by_fleet").GetProperty("fleet:rt").GetInt32());
        Assert.Equal(serving, gates.GetProperty("parent_version").GetString());
        Assert.Contains("twin-design.onnx", detail.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, "models", version, "twin-design.onnx")));

        var list = await client.GetFromJsonAsync<JsonElement>("/api/models");
        Assert.Equal(serving, list.GetProperty("serving").GetString());
        Assert.Contains(list.GetProperty("versions").EnumerateArray(), v => v.GetProperty("version").GetString() == version && !v.GetProperty("serving").GetBoolean());
    }

    [Fact]
    public async Task ACancelledJobEndsCancelledAndWritesNoVersion()
    {
        using var client = factory.CreateClient();
        var before = (await client.GetFromJsonAsync<JsonElement>("/api/models")).GetProperty("versions").GetArrayLength();
        using var start = await client.PostAsync("/api/models/retrain", null);
        JsonElement job;
        if (start.StatusCode == HttpStatusCode.Conflict)
        {
            // The other test's job is running in this shared server: cancel that one instead.
            var running = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job_id").GetString()!;
            job = await client.GetFromJsonAsync<JsonElement>($"/api/models/jobs/{running}");
        }
        else job = await start.Content.ReadFromJsonAsync<JsonElement>();
        var id = job.GetProperty("id").GetString()!;
        while (job.GetProperty("stage").GetString() != "training")
        {
            await Task.Delay(100);
            job = await client.GetFromJsonAsync<JsonElement>($"/api/models/jobs/{id}");
            Assert.NotEqual("succeeded", job.GetProperty("state").GetString());
        }

        using var cancel = await client.DeleteAsync($"/api/models/jobs/{id}");
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        do
        {
            await Task.Delay(200);
            job = await client.GetFromJsonAsync<JsonElement>($"/api/models/jobs/{id}");
        } while (job.GetProperty("state").GetString() is "queued" or "running");

        Assert.Equal("cancelled", job.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("version").ValueKind);
        using var again = await client.DeleteAsync($"/api/models/jobs/{id}");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(factory.DataDirectory, "models"), ".tmp-*"));
        Assert.Equal(before, (await client.GetFromJsonAsync<JsonElement>("/api/models")).GetProperty("versions").GetArrayLength());
        Assert.Contains((await client.GetFromJsonAsync<JsonElement>("/api/models/jobs")).EnumerateArray(), j => j.GetProperty("id").GetString() == id && j.GetProperty("state").GetString() == "cancelled");
    }

    [Fact]
    public async Task UnknownJobsAndVersionsAre404ProblemDetails()
    {
        using var client = factory.CreateClient();
        using var job = await client.GetAsync("/api/models/jobs/job-none");
        Assert.Equal(HttpStatusCode.NotFound, job.StatusCode);
        Assert.Contains("job-none", await job.Content.ReadAsStringAsync());
        using var cancel = await client.DeleteAsync("/api/models/jobs/job-none");
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        using var version = await client.GetAsync("/api/models/no-such-version");
        Assert.Equal(HttpStatusCode.NotFound, version.StatusCode);
    }
}
