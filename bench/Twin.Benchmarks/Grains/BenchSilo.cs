using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;
using Twin.Actors.Cells;
using Twin.Ml.Prediction;
using Twin.Storage;
using Twin.Storage.Sqlite;

namespace Twin.Benchmarks.Grains;

/// <summary>A real Orleans silo in this process on free loopback ports, hosting cell grains over a SQLite store, as the server does.</summary>
public static class BenchSilo
{
    public static async Task<IHost> StartAsync(SqliteStore store, IDesignModelSource? models = null, CellGrainOptions? options = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // As the server: stopping flushes every dirty twin, which takes longer than the default 30 s at 100k.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(3));
        builder.Services.AddSingleton<ICellStore>(store);
        builder.Services.AddSingleton<ICycleStore>(store);
        builder.Services.AddSingleton<IGrainStateStore>(store);
        if (models is not null) builder.Services.AddSingleton(models);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(FreePort(), 0, serviceId: "bench", clusterId: "bench")
            .AddCellGrains(options ?? new CellGrainOptions()));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static IGrainFactory Grains(this IHost host) => host.Services.GetRequiredService<IGrainFactory>();

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
