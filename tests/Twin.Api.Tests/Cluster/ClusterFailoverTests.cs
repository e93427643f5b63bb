using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Npgsql;
using Twin.Api.Tests.Cells;
using Xunit.Abstractions;
using Twin.Tests.Shared;

namespace Twin.Api.Tests.Cluster;

/// <summary>
/// Issue 8, item 5: three real servers (the Release Twin.Api.dll) form one Orleans cluster on
/// PostgreSQL (ADO.NET membership, probes of 1 s, 2 missed = dead) over a fresh database of their
/// own. Writers post cycle batches for many cells through all three HTTP endpoints, retrying as a
/// client must; one silo is killed with SIGKILL mid-stream and restarted while the writers go on.
/// Every acknowledged cycle must be stored exactly once, and the cells' forecasts must equal those
/// of one server given the same cycles. The failover time is printed (TWIN_CLUSTER_KILLS kills, 1
/// by default; bench/failover.sh asks for 5 and reads the median).
/// </summary>
public sealed class ClusterFailoverTests(ITestOutputHelper output) : ClusterDatabaseTest("cluster")
{
    const int Cells = 24, BatchesPerCell = 25, CyclesPerBatch = 8, Writers = 6;

    static string Cell(int i) => $"cl-{i:D2}";

    /// <summary>A smooth fade, different per cell, so each twin has something to fit.</summary>
    static double Capacity(int cell, int cycle) =>
        Math.Round(1.1 * (1 - (0.12 + 0.004 * cell) * Math.Pow(cycle / 400.0, 0.8)) + 0.002 * Math.Sin(cycle * 0.7 + cell), 6);

    static string Batch(int cell, int batch) => CellsClient.Cycles(Enumerable.Range(batch * CyclesPerBatch + 1, CyclesPerBatch)
        .Select(c => CellsClient.Cycle(c, Capacity(cell, c))).ToArray());

    [Fact]
    public async Task EveryAcknowledgedCycleIsStoredOnceAcrossAKillMinusNineAndForecastsEqualOneSilo()
    {
        var clock = Stopwatch.StartNew();
        var kills = int.TryParse(Environment.GetEnvironmentVariable("TWIN_CLUSTER_KILLS"), out var k) && k > 0 ? k : 1;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2 + kills));
        var ct = timeout.Token;
        await using var cluster = await SiloCluster.StartAsync(Data, Connection, ct);
        for (var i = 0; i < Cells; i++)
            await cluster.Silos[i % 3].Client.Register(Cell(i));

        // Batch b of every cell before batch b+1 of any: every cell has cycles when the kill comes.
        // The last fifth waits until every killed silo is back, so ingestion goes on after the restart.
        var work = new ConcurrentQueue<(int Cell, int Batch)>(Enumerable.Range(0, BatchesPerCell).SelectMany(b => Enumerable.Range(0, Cells).Select(c => (c, b))));
        var holdFrom = Cells * BatchesPerCell * 4 / 5;
        var restarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var acknowledged = new ConcurrentDictionary<(int Cell, int Batch), bool>();
        var sent = 0; var taken = 0;
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var endpoint = w;
            while (work.TryDequeue(out var item))
            {
                if (Interlocked.Increment(ref taken) > holdFrom) await restarted.Task.WaitAsync(ct);
                var body = Batch(item.Cell, item.Batch);
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    var silo = cluster.Silos[endpoint++ % 3];
                    Interlocked.Increment(ref sent);
                    var status = await TryPostAsync(silo.Client, $"/api/cells/{Cell(item.Cell)}/cycles", body, ct);
                    if (status == HttpStatusCode.OK) break;
                    if (status is { } s && (int)s is >= 400 and < 500 and not 429)
                        throw new Xunit.Sdk.XunitException($"{Cell(item.Cell)} batch {item.Batch} through {silo.Name}: {s}");
                    await Task.Delay(50, ct); // rejected, 5xx or no connection: resend, through the next silo
                }
                acknowledged[item] = true;
            }
        }, ct)).ToArray();

        var firsts = new List<double>(); var failovers = new List<double>();
        for (var round = 0; round < kills; round++)
        {
            var victim = (1 + round) % 3; // silo 2, 3, 1, 2, ... (0-based index)
            await WaitUntil(() => acknowledged.Count >= holdFrom * (round + 1) / (kills + 1), ct);
            var (seconds, failed, first) = await cluster.KillAndMeasureAsync(victim, Enumerable.Range(0, Cells).Select(Cell).ToArray(), ct);
            output.WriteLine($"kill -9 of silo {victim + 1} at {acknowledged.Count} acknowledged batches: calls to {failed} of {Cells} cells failed after the kill; "
                             + (failed == 0 ? "no call failed" : $"first success on them {first:F2} s, all of them answering {seconds:F2} s after the kill"));
            if (failed > 0) { firsts.Add(first); failovers.Add(seconds); }
            await cluster.RestartAsync(victim, ct);
        }
        restarted.SetResult();
        await Task.WhenAll(writers).WaitAsync(ct);

        // Exactly once: the stored rows of each cell are the acknowledged cycles, no pair twice.
        var stored = await StoredAsync(ct);
        var expected = acknowledged.Keys.GroupBy(a => a.Cell).ToDictionary(g => Cell(g.Key), g => g.Count() * CyclesPerBatch);
        var duplicates = await ScalarAsync("SELECT count(*) FROM (SELECT cell_id, cycle FROM cycles GROUP BY 1, 2 HAVING count(*) > 1) d", ct);
        var summary = $"cluster test: {Cells} cells, requests sent {sent}, batches acknowledged {acknowledged.Count} ({acknowledged.Count * CyclesPerBatch} cycles), "
                      + $"cycles stored {stored.Values.Sum()}, duplicates {duplicates}, failover: first call back {Seconds(firsts)}, all cells back {Seconds(failovers)}";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.Equal(Cells * BatchesPerCell, acknowledged.Count);
        Assert.Equal(0L, duplicates);
        Assert.Equal(expected.OrderBy(p => p.Key), stored.OrderBy(p => p.Key));

        // Forecasts through every silo equal one server's on the same cycles (its own SQLite store).
        using var single = await SingleServerAsync(ct);
        for (var i = 0; i < Cells; i++)
        {
            var alone = await ForecastAsync(single.Client, Cell(i), ct);
            foreach (var silo in cluster.Silos)
                Assert.Equal(alone, await ForecastAsync(silo.Client, Cell(i), ct));
        }
        output.WriteLine($"forecasts of {Cells} cells equal on 3 silos and 1; the test took {clock.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>Each kill's figure, and their median when there are several.</summary>
    static string Seconds(List<double> values) => values.Count == 0 ? "n/a (no call failed)"
        : string.Join(" ", values.Select(f => $"{f:F2}")) + " s" + (values.Count > 1 ? $" (median {Median(values):F2} s)" : "");

    static double Median(List<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    /// <summary>The status of one post, or null when the server could not be reached or did not answer in time.</summary>
    static async Task<HttpStatusCode?> TryPostAsync(HttpClient client, string path, string body, CancellationToken ct)
    {
        try
        {
            using var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), ct);
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
    }

    static async Task WaitUntil(Func<bool> condition, CancellationToken ct)
    {
        while (!condition()) await Task.Delay(20, ct);
    }

    /// <summary>The forecast once it reflects every stored cycle (a twin checks the store for cycles it was not told of at most every second).</summary>
    async Task<string> ForecastAsync(HttpClient client, string cell, CancellationToken ct)
    {
        var stored = CyclesPerBatch * BatchesPerCell;
        while (true)
        {
            using var response = await client.GetAsync($"/api/cells/{cell}/forecast", ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{cell}: {response.StatusCode} {text}");
            if (System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("cycles_observed").GetInt32() == stored) return text;
            await Task.Delay(200, ct);
        }
    }

    async Task<ServerProcess> SingleServerAsync(CancellationToken ct)
    {
        var server = await ServerProcess.StartAsync(Path.Combine(Data, "single"), ct);
        for (var i = 0; i < Cells; i++)
        {
            await server.Client.Register(Cell(i));
            var all = CellsClient.Cycles(Enumerable.Range(1, CyclesPerBatch * BatchesPerCell).Select(c => CellsClient.Cycle(c, Capacity(i, c))).ToArray());
            var (status, body) = await server.Client.Json(HttpMethod.Post, $"/api/cells/{Cell(i)}/cycles", all);
            Assert.True(status == HttpStatusCode.OK, body.ToString());
        }
        return server;
    }

    async Task<Dictionary<string, int>> StoredAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(Connection);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT cell_id, count(*) FROM cycles GROUP BY cell_id", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var counts = new Dictionary<string, int>();
        while (await reader.ReadAsync(ct)) counts[reader.GetString(0)] = (int)reader.GetInt64(1);
        return counts;
    }

    async Task<long> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(Connection);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }
}
