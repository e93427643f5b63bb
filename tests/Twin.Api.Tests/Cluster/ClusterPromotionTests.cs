using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Twin.Api.Tests.Models;
using Twin.Storage.Postgres;
using Xunit.Abstractions;

namespace Twin.Api.Tests.Cluster;

/// <summary>
/// Issue 9, item 4: three real servers as one cluster on PostgreSQL. A version promoted through one
/// silo serves on all three; a rollback through another takes it back everywhere; forecasts sent to
/// every silo meanwhile all succeed.
/// </summary>
public sealed class ClusterPromotionTests(ITestOutputHelper output) : ClusterDatabaseTest("promote")
{
    [Fact]
    public async Task APromotionThroughOneSiloServesOnEverySiloAndARollbackThroughAnotherUndoesItWithNoFailedRequest()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var cluster = await SiloCluster.StartAsync(Data, Connection, ct);
        var silos = cluster.Silos;
        var shipped = (await silos[0].Client.GetFromJsonAsync<JsonElement>("/api/models", ct)).GetProperty("serving").GetString()!;
        await using (var store = await PostgresStore.OpenAsync(Connection, ct))
            await TestVersions.AddAsync(store, "v-cluster", gatesPassed: true);

        using var stop = new CancellationTokenSource();
        var failures = 0; var requests = 0;
        var load = Enumerable.Range(0, 12).Select(w => Task.Run(async () =>
        {
            var body = new { electrode = "LFP/graphite", coating = "none", electrolyte = "LiPF6 in EC/DMC", c_rate = 1, temperature_C = 25 };
            while (!stop.IsCancellationRequested)
            {
                using var response = await silos[w % 3].Client.PostAsJsonAsync("/api/forecasts/design", body, ct);
                Interlocked.Increment(ref requests);
                if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref failures);
            }
        }, ct)).ToArray();

        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await silos[0].Client.PostAsync("/api/models/v-cluster/promote", null, ct)).StatusCode);
        await EverySiloServesAsync(silos, "v-cluster", ct);
        output.WriteLine($"promoted through silo 1: every silo served v-cluster after {clock.Elapsed.TotalSeconds:F1} s");

        clock.Restart();
        Assert.Equal(HttpStatusCode.OK, (await silos[1].Client.PostAsync("/api/models/v-cluster/rollback", null, ct)).StatusCode);
        await EverySiloServesAsync(silos, shipped, ct);
        output.WriteLine($"rolled back through silo 2: every silo served {shipped} after {clock.Elapsed.TotalSeconds:F1} s");

        await stop.CancelAsync();
        await Task.WhenAll(load);
        output.WriteLine($"{requests} forecasts sent to the three silos meanwhile, {failures} failed");
        Assert.Equal(0, failures);
    }

    /// <summary>Until each silo says it serves <paramref name="version"/> and its forecasts name it.</summary>
    static async Task EverySiloServesAsync(IReadOnlyList<SiloCluster.Silo> silos, string version, CancellationToken ct)
    {
        foreach (var silo in silos)
            while ((await silo.Client.GetFromJsonAsync<JsonElement>("/api/models", ct)).GetProperty("serving_on_this_silo").GetString() != version)
                await Task.Delay(100, ct);
        foreach (var silo in silos)
        {
            using var response = await silo.Client.PostAsJsonAsync("/api/forecasts/design",
                new { electrode = "LFP/graphite", coating = "none", electrolyte = "LiPF6 in EC/DMC", c_rate = 1, temperature_C = 25 }, ct);
            Assert.Equal(version, (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("model_version").GetString());
        }
    }
}
