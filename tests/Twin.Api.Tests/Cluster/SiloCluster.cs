using System.Diagnostics;
using System.Net;
using Twin.Tests.Shared;

namespace Twin.Api.Tests.Cluster;

/// <summary>
/// Three server processes as one Orleans cluster: Twin:Store=postgres and Twin:Cluster:Provider=adonet
/// on one database, each on loopback ports of its own. A silo killed and restarted is a new process
/// (new ports); the old one's client is kept until the end, as writers may still hold it.
/// </summary>
internal sealed class SiloCluster : IAsyncDisposable
{
    readonly string _data, _connection;
    readonly ServerProcess[] _silos = new ServerProcess[3];
    readonly List<ServerProcess> _gone = [];
    int _generation;

    SiloCluster(string data, string connection) => (_data, _connection) = (data, connection);

    public IReadOnlyList<Silo> Silos => _silos.Select((s, i) => new Silo($"silo {i + 1}", Volatile.Read(ref _silos[i]).Client)).ToArray();

    public static async Task<SiloCluster> StartAsync(string data, string connection, CancellationToken ct)
    {
        var cluster = new SiloCluster(data, connection);
        try
        {
            // The first applies Orleans' tables; the others then join it.
            for (var i = 0; i < 3; i++) cluster._silos[i] = await cluster.StartSiloAsync(i, ct);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    Task<ServerProcess> StartSiloAsync(int index, CancellationToken ct) =>
        ServerProcess.StartAsync(Path.Combine(_data, $"silo-{index + 1}-{_generation++}"), LoopbackPorts.Free(),
        [
            "--Twin:Store=postgres", $"--Twin:PostgresConnection={_connection}",
            "--Twin:Cluster:Provider=adonet", $"--Twin:Cluster:ConnectionString={_connection}", "--Twin:Cluster:ClusterId=twin-test",
            $"--Twin:Cluster:SiloPort={LoopbackPorts.Free()}", "--Twin:Cluster:GatewayPort=0",
            "--Twin:Limits:RatePermits=0", // every writer comes from 127.0.0.1
        ], ct);

    /// <summary>
    /// SIGKILLs silo <paramref name="index"/>, then asks every cell for its forecast through the
    /// survivors until each answers. Cells whose calls failed after the kill had their grain (or its
    /// directory entry) on the killed silo; returns the seconds from the kill until all of them
    /// answered again, how many there were, and the seconds until the first of them answered.
    /// </summary>
    public async Task<(double AllBack, int Failed, double FirstBack)> KillAndMeasureAsync(int index, IReadOnlyList<string> cells, CancellationToken ct)
    {
        var victim = _silos[index];
        var survivors = _silos.Where((_, i) => i != index).Select(s => s.Client).ToArray();
        victim.Process.Kill(entireProcessTree: true);
        var sinceKill = Stopwatch.StartNew();
        await victim.Process.WaitForExitAsync(ct);
        var results = await Task.WhenAll(cells.Select((cell, n) => Task.Run(async () =>
        {
            var failed = false;
            for (var attempt = n; ; attempt++)
            {
                try
                {
                    using var response = await survivors[attempt % survivors.Length].GetAsync($"/api/cells/{cell}/forecast", ct);
                    if (response.StatusCode == HttpStatusCode.OK) return (failed, sinceKill.Elapsed.TotalSeconds);
                }
                catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !ct.IsCancellationRequested))
                {
                    // A survivor that does not answer counts as a failed call too.
                }
                failed = true;
                await Task.Delay(10, ct); // retry at once, as a client would; the interval bounds the measurement's resolution
            }
        }, ct)));
        var back = results.Where(r => r.failed).Select(r => r.Item2).ToArray();
        return (back.Length == 0 ? 0 : back.Max(), back.Length, back.Length == 0 ? 0 : back.Min());
    }

    public async Task RestartAsync(int index, CancellationToken ct)
    {
        _gone.Add(_silos[index]);
        Volatile.Write(ref _silos[index], await StartSiloAsync(index, ct));
    }

    public ValueTask DisposeAsync()
    {
        foreach (var silo in _silos.Where(s => s is not null).Concat(_gone)) silo.Dispose();
        return ValueTask.CompletedTask;
    }

    public sealed record Silo(string Name, HttpClient Client);
}
