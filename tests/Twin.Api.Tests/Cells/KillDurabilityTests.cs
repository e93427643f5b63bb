using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
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
        var port = FreePort();
        using var server = StartServer(port);
        var output = new StringBuilder();
        server.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        server.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        var acknowledged = new ConcurrentBag<int>(); // first cycle of each acknowledged batch
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitHealthy(client, server, output, timeout.Token);
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

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    Process StartServer(int port)
    {
        var dll = Path.Combine(Path.GetDirectoryName(typeof(KillDurabilityTests).Assembly.Location)!, "Twin.Api.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root,
        };
        foreach (var a in new[] { "exec", dll, "--urls", $"http://127.0.0.1:{port}", $"--Twin:DataDirectory={_data}", $"--Twin:ModelDirectory={RepoPaths.Models}" })
            start.ArgumentList.Add(a);
        start.Environment["TWIN_ONNXRUNTIME_LIBRARY"] = Environment.GetEnvironmentVariable("TWIN_ONNXRUNTIME_LIBRARY") ?? RepoPaths.OnnxRuntimeLibrary;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
    }

    /// <summary>Polls /healthz until the server answers, it exits, or a 60 s deadline passes.</summary>
    static async Task WaitHealthy(HttpClient client, Process server, StringBuilder output, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited) throw new Xunit.Sdk.XunitException($"the server exited with {server.ExitCode}: {output}");
            try
            {
                using var response = await client.GetAsync("/healthz", ct);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100, ct); // polling interval for start-up only
        }
        throw new TimeoutException($"the server did not answer /healthz within 60 s: {output}");
    }
}
