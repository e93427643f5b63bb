using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Twin.Api.Tests.Cells;
using Twin.Storage;

namespace Twin.Api.Tests.Models;

/// <summary>Promotion and rollback on a real server (in process, SQLite): what serves, what twins refit with, and what is refused.</summary>
public sealed class ModelPromotionApiTests : IDisposable
{
    static readonly object Lfp = new { electrode = "LFP/graphite", coating = "none", electrolyte = "LiPF6 in EC/DMC", c_rate = 1, temperature_C = 25 };
    readonly TwinApiFactory _factory = new();

    IModelRegistryStore Registry => _factory.Services.GetRequiredService<IModelRegistryStore>();

    async Task<string> DesignForecastVersionAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/forecasts/design", Lfp);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model_version").GetString()!;
    }

    [Fact]
    public async Task APromotedVersionServesAtOnceTwinsRefitWithItAndARollbackRestoresTheShippedModel()
    {
        using var client = _factory.CreateClient();
        var shipped = (await client.GetFromJsonAsync<JsonElement>("/api/models")).GetProperty("serving").GetString()!;
        await client.Register("pr-1");
        var cycles = CellsClient.Cycles(Enumerable.Range(1, 60).Select(n => CellsClient.Cycle(n, 1.1 - 0.001 * n)).ToArray());
        Assert.Equal(HttpStatusCode.OK, (await client.Json(HttpMethod.Post, "/api/cells/pr-1/cycles", cycles)).Status);
        Assert.Equal(shipped, (await client.GetFromJsonAsync<JsonElement>("/api/cells/pr-1/forecast")).GetProperty("model_version").GetString());
        await TestVersions.AddAsync(Registry, "v-promoted", gatesPassed: true);

        using var promote = await client.PostAsync("/api/models/v-promoted/promote", null);
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        var change = await promote.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("v-promoted", shipped, "promote"), (change.GetProperty("version").GetString(), change.GetProperty("previous_version").GetString(), change.GetProperty("action").GetString()));
        Assert.Equal("local (no API keys)", change.GetProperty("changed_by").GetString());

        var list = await client.GetFromJsonAsync<JsonElement>("/api/models");
        Assert.Equal("v-promoted", list.GetProperty("serving").GetString());
        Assert.Equal("v-promoted", list.GetProperty("serving_on_this_silo").GetString());
        Assert.Equal("v-promoted", await DesignForecastVersionAsync(client));
        // The twin refits lazily on its next read and says which model it used.
        Assert.Equal("v-promoted", (await client.GetFromJsonAsync<JsonElement>("/api/cells/pr-1/forecast")).GetProperty("model_version").GetString());

        using var again = await client.PostAsync("/api/models/v-promoted/promote", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        using var rollback = await client.PostAsync("/api/models/v-promoted/rollback", null);
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal(shipped, await DesignForecastVersionAsync(client));
        Assert.Equal(shipped, (await client.GetFromJsonAsync<JsonElement>("/api/cells/pr-1/forecast")).GetProperty("model_version").GetString());
        var history = (await client.GetFromJsonAsync<JsonElement>("/api/models")).GetProperty("serving_history").EnumerateArray()
            .Select(c => (c.GetProperty("version").GetString(), c.GetProperty("action").GetString())).ToArray();
        Assert.Equal([(shipped, "rollback"), ("v-promoted", "promote")], history);

        // The shipped model was never promoted over anything: nothing to roll back to.
        using var tooFar = await client.PostAsync($"/api/models/{shipped}/rollback", null);
        Assert.Equal(HttpStatusCode.Conflict, tooFar.StatusCode);
    }

    [Fact]
    public async Task RollingBackTwiceWalksBackThroughThePromotions()
    {
        using var client = _factory.CreateClient();
        var shipped = (await client.GetFromJsonAsync<JsonElement>("/api/models")).GetProperty("serving").GetString()!;
        await TestVersions.AddAsync(Registry, "v-a", gatesPassed: true);
        await TestVersions.AddAsync(Registry, "v-b", gatesPassed: true);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/models/v-a/promote", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/models/v-b/promote", null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/models/v-b/rollback", null)).StatusCode);
        Assert.Equal("v-a", await DesignForecastVersionAsync(client));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/models/v-a/rollback", null)).StatusCode);
        Assert.Equal(shipped, await DesignForecastVersionAsync(client));
    }

    [Fact]
    public async Task AVersionThatFailedAGateOrDoesNotExistOrDoesNotServeIsRefusedWithProblemDetails()
    {
        using var client = _factory.CreateClient();
        var shipped = (await client.GetFromJsonAsync<JsonElement>("/api/models")).GetProperty("serving").GetString()!;
        await TestVersions.AddAsync(Registry, "v-failed", gatesPassed: false);
        await TestVersions.AddAsync(Registry, "v-idle", gatesPassed: true);

        using var failed = await client.PostAsync("/api/models/v-failed/promote", null);
        Assert.Equal(HttpStatusCode.Conflict, failed.StatusCode);
        var problem = await failed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("held_out_eol_error", problem.GetProperty("detail").GetString());
        using var unknown = await client.PostAsync("/api/models/v-none/promote", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var notServing = await client.PostAsync("/api/models/v-idle/rollback", null);
        Assert.Equal(HttpStatusCode.Conflict, notServing.StatusCode);
        Assert.Contains(shipped, (await notServing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        // Even a serving row written behind the API's back never makes a failed version serve.
        await Registry.AddServingChangeAsync("v-failed", shipped, "promote", "someone", DateTimeOffset.UtcNow);
        await _factory.Services.GetRequiredService<Twin.Api.Models.ModelPromotion>().SyncAsync(CancellationToken.None);
        Assert.Equal(shipped, await DesignForecastVersionAsync(client));

        var versions = (await client.GetFromJsonAsync<JsonElement>("/api/models")).GetProperty("versions").EnumerateArray().ToArray();
        Assert.Contains(versions, v => v.GetProperty("version").GetString() == "v-failed" && !v.GetProperty("gates_passed").GetBoolean());
        Assert.Contains(versions, v => v.GetProperty("version").GetString() == shipped && v.GetProperty("shipped").GetBoolean());
    }

    [Fact]
    public async Task RequestsInFlightDuringManySwapsAllSucceed()
    {
        using var client = _factory.CreateClient();
        await TestVersions.AddAsync(Registry, "v-swap", gatesPassed: true);
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var served = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var load = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await client.PostAsJsonAsync("/api/forecasts/design/batch", new { designs = Enumerable.Repeat(Lfp, 20).ToArray() });
                if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref failures);
                else served.AddOrUpdate((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model_version").GetString()!, 1, (_, n) => n + 1);
            }
        })).ToArray();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/models/v-swap/promote", null)).StatusCode);
            await Task.Delay(20);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/models/v-swap/rollback", null)).StatusCode);
            await Task.Delay(20);
        }
        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.Equal(0, failures);
        Assert.Equal(2, served.Count); // both models answered while they swapped
    }

    public void Dispose() => _factory.Dispose();
}
