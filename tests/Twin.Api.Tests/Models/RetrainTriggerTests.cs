using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Twin.Api.Tests.Cells;
using Twin.Storage;

namespace Twin.Api.Tests.Models;

/// <summary>The policy settings: a job started by cells reaching end of life, and a version promoted because its gates passed.</summary>
public sealed class RetrainTriggerTests : IDisposable
{
    readonly TwinApiFactory _factory = new();

    [Fact]
    public async Task ACellReachingEndOfLifeStartsAJobWhoseGatedVersionIsPromotedByThePolicy()
    {
        using var server = _factory.WithWebHostBuilder(b => b
            .UseSetting("Twin:Models:RetrainAfterFinishedCells", "1")
            .UseSetting("Twin:Models:TriggerCheckInterval", "00:00:00.200")
            .UseSetting("Twin:Models:AutoPromote", "true"));
        using var client = server.CreateClient();
        var shipped = (await client.GetFromJsonAsync<JsonElement>("/api/models")).GetProperty("serving").GetString()!;
        await Task.Delay(500); // the trigger counts the cells already finished at its first check; this one finishes after it
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/models/jobs")).EnumerateArray());

        await client.Register("trig-1");
        var cycles = CellsClient.Cycles(Enumerable.Range(1, 300).Select(n => CellsClient.Cycle(n, 1.1 * (1 - 0.3 * n / 300.0))).ToArray());
        Assert.Equal(HttpStatusCode.OK, (await client.Json(HttpMethod.Post, "/api/cells/trig-1/cycles", cycles)).Status);
        var forecast = await client.GetFromJsonAsync<JsonElement>("/api/cells/trig-1/forecast");
        Assert.True(forecast.GetProperty("end_of_life_reached").GetBoolean());

        var deadline = DateTime.UtcNow.AddMinutes(5);
        JsonElement job;
        do
        {
            await Task.Delay(200);
            job = (await client.GetFromJsonAsync<JsonElement>("/api/models/jobs")).EnumerateArray().FirstOrDefault();
        } while ((job.ValueKind == JsonValueKind.Undefined || job.GetProperty("state").GetString() is "queued" or "running") && DateTime.UtcNow < deadline);

        Assert.StartsWith("trigger: 1 more cells reached end of life", job.GetProperty("started_by").GetString());
        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        var version = job.GetProperty("version").GetString()!;
        Assert.Contains(job.GetProperty("log").EnumerateArray(), l => l.GetString()!.Contains($"auto-promoted: version {version} serves"));
        var models = await client.GetFromJsonAsync<JsonElement>("/api/models");
        Assert.Equal(version, models.GetProperty("serving").GetString());
        var change = models.GetProperty("serving_history")[0];
        Assert.Equal(("auto-promote", shipped), (change.GetProperty("action").GetString(), change.GetProperty("previous_version").GetString()));
        Assert.Equal(1, await server.Services.GetRequiredService<IGrainStateStore>().CountFlaggedAsync("cell/twin", "endOfLifeReached"));
    }

    public void Dispose() => _factory.Dispose();
}
