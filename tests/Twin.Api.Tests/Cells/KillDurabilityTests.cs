using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Twin.Storage.Sqlite;
using Twin.Tests.Shared;

namespace Twin.Api.Tests.Cells;

/// <summary>
/// "Acknowledged means durable": the real server runs as a child process; JSON batches are posted
/// from several writers, each 200 recorded; the server is killed with SIGKILL while requests are
/// in flight, and every acknowledged cycle must then be in its SQLite file, no batch half-written.
/// </summary>
public sealed class KillDurabilityTests : IDisposable
{
    const int Writers = 4, CyclesPerBatch = 50, AcksBeforeKill = 40;
    readonly string _data = Directory.CreateTempSubdirectory("twin-kill-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    static double Capacity(int cycle) => Math.Round(1.1 - cycle * 1e-5, 6);

    [Fact]
    public async Task EveryAcknowledgedCycleSurvivesAKillMinusNineOfTheServer()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var running = await ServerProcess.StartAsync(_data, timeout.Token);
        var server = running.Process;
        var client = running.Client;
        var acknowledged = new ConcurrentBag<int>(); // first cycle of each acknowledged batch
        try
        {
            var (status, problem) = await client.Json(HttpMethod.Put, "/api/cells/dur-1", CellsClient.CellBody());
            Assert.True(status == HttpStatusCode.Created, problem.ToString());

            var enough = new TaskCompletionSource();
            var next = -1;
            var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
            {
                while (!timeout.IsCancellationRequested)
                {
                    var first = Interlocked.Increment(ref next) * CyclesPerBatch + 1;
                    var body = CellsClient.Cycles(Enumerable.Range(first, CyclesPerBatch).Select(c => CellsClient.Cycle(c, Capacity(c))).ToArray());
                    try
                    {
                        using var response = await client.PostAsync("/api/cells/dur-1/cycles", new StringContent(body, Encoding.UTF8, "application/json"), timeout.Token);
                        if (response.StatusCode != HttpStatusCode.OK) throw new Xunit.Sdk.XunitException($"batch {first}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        acknowledged.Add(first);
                        if (acknowledged.Count >= AcksBeforeKill) enough.TrySetResult();
                    }
                    catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && server.HasExited))
                    {
                        return; // the server is gone: this batch was never acknowledged
                    }
                }
            })).ToArray();

            await enough.Task.WaitAsync(timeout.Token);
            // SIGKILL while the writers still have requests in flight: no managed code runs in the server after this.
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(timeout.Token);
            await Task.WhenAll(writers).WaitAsync(timeout.Token);
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
        }

        await using var store = await SqliteStore.OpenAsync(Path.Combine(_data, "twin.db"), ct: timeout.Token);
        var stored = (await store.ReadCyclesAsync("dur-1", timeout.Token)).ToDictionary(c => c.Cycle);
        Assert.True(acknowledged.Count >= AcksBeforeKill);
        foreach (var first in acknowledged)
            for (var c = first; c < first + CyclesPerBatch; c++)
            {
                Assert.True(stored.TryGetValue(c, out var row), $"acknowledged cycle {c} is missing after the kill ({stored.Count} stored)");
                Assert.Equal(Capacity(c), row.DischargeCapacityAh);
            }
        // Each batch is one transaction: whole batches or nothing.
        Assert.Equal(0, stored.Count % CyclesPerBatch);
    }
}
