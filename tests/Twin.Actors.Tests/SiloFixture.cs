using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.Hosting;
using Twin.Actors.Cells;
using Twin.Core.Designs;
using Twin.Ml.Prediction;
using Twin.Storage;
using Twin.Storage.Sqlite;
using Twin.Tests.Shared;

namespace Twin.Actors.Tests;

/// <summary>
/// A real Orleans silo in this process (localhost clustering on free ports), hosting cell grains
/// over a real SQLite store in a temp folder and the shipped model; the twins' clock is fake.
/// One per test; <see cref="StartSiloAsync"/> again gives a second silo (another cluster) on the
/// same database, as a restarted server or a second node would see it.
/// </summary>
internal sealed class SiloFixture : IAsyncDisposable
{
    public static readonly CellDesign Lfp = new("LFP/graphite", "none", null, null, null, "LiPF6 in EC/DMC", "liquid_carbonate", null, 4, 30, 4);

    readonly List<IHost> _hosts = [];
    readonly string _directory = Directory.CreateTempSubdirectory("twin-actor-tests-").FullName;
    readonly Lazy<DesignForecaster> _model = new(() => DesignForecaster.Load(RepoPaths.Models, "twin-design"));
    SqliteStore? _store;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    public CellGrainOptions Options { get; } = new() { StoreCheckInterval = TimeSpan.FromSeconds(5) };
    public SqliteStore Store => _store ?? throw new InvalidOperationException("start a silo first");

    public async Task<IGrainFactory> StartSiloAsync()
    {
        _store ??= await SqliteStore.OpenAsync(Path.Combine(_directory, "twin.db"));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<ICellStore>(_store);
        builder.Services.AddSingleton<ICycleStore>(_store);
        builder.Services.AddSingleton<IGrainStateStore>(_store);
        builder.Services.AddSingleton<IDesignModelSource>(new SingleModelSource(_model.Value));
        builder.Services.AddKeyedSingleton<TimeProvider>(CellGrain.ClockKey, Time);
        var cluster = $"test-{_hosts.Count}";
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort(), 0, serviceId: cluster, clusterId: cluster)
            .AddCellGrains(Options));
        var host = builder.Build();
        await host.StartAsync();
        _hosts.Add(host);
        return host.Services.GetRequiredService<IGrainFactory>();
    }

    public IServiceProvider Services(int silo) => _hosts[silo].Services;

    /// <summary>Stops a silo: its grains are deactivated (and flush their state) first.</summary>
    public Task StopSiloAsync(int silo) => _hosts[silo].StopAsync();

    public async Task RegisterAsync(string cellId, double nominalAh = 1.1)
    {
        var now = Time.GetUtcNow();
        await Store.UpsertCellAsync(new CellRow(cellId, Lfp, new Dictionary<string, string>(), nominalAh, now, now));
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await host.StopAsync();
            // Disposing the host disposes the grain storage, which waits for its queued writes.
            if (host is IAsyncDisposable d) await d.DisposeAsync(); else host.Dispose();
        }
        if (_model.IsValueCreated) _model.Value.Dispose();
        if (_store is not null) await _store.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
