using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Twin.Actors.Hosting;
using Twin.Core.Twins;
using Twin.Ml.Prediction;
using Twin.Storage;

namespace Twin.Actors.Cells;

/// <summary>Hands out cell grain references by cell id (Orleans' IGrainFactory.GetGrain&lt;ICellGrain&gt;(id)).</summary>
public sealed class CellGrains(GrainHost<CellGrain> host)
{
    public ICellGrain Get(string cellId) => new Reference(host, cellId);

    public GrainHost<CellGrain> Host => host;

    /// <summary>A reference: every call is queued on the cell's activation and runs in its turn.</summary>
    sealed class Reference(GrainHost<CellGrain> host, string key) : ICellGrain
    {
        public ValueTask CyclesAppendedAsync(CyclesAppended message, CancellationToken ct = default) =>
            host.InvokeAsync(key, (g, t) => g.CyclesAppendedAsync(message, t), ct);

        public ValueTask DesignChangedAsync(CancellationToken ct = default) =>
            host.InvokeAsync(key, (g, t) => g.DesignChangedAsync(t), ct);

        public ValueTask<CellTwinState> GetStateAsync(CancellationToken ct = default) =>
            host.InvokeAsync(key, (g, t) => g.GetStateAsync(t), ct);

        public ValueTask<TwinForecast> ForecastAsync(EolThreshold threshold, CancellationToken ct = default) =>
            host.InvokeAsync(key, (g, t) => g.ForecastAsync(threshold, t), ct);

        public ValueTask DeletedAsync(CancellationToken ct = default) =>
            host.InvokeAsync(key, (g, t) => g.DeletedAsync(t), ct);
    }
}

public static class CellGrainServiceCollectionExtensions
{
    /// <summary>The cell grain host (needs ICellStore, ICycleStore, IGrainStateStore and IDesignModelSource registered).</summary>
    public static IServiceCollection AddCellGrains(this IServiceCollection services, Action<GrainHostOptions>? configure = null)
    {
        services.AddGrainHost(ctx => new CellGrain(ctx,
            ctx.Services.GetRequiredService<ICellStore>(), ctx.Services.GetRequiredService<ICycleStore>(),
            ctx.Services.GetRequiredService<IDesignModelSource>(), ctx.Services.GetRequiredService<TimeProvider>(),
            ctx.Services.GetRequiredService<ILogger<CellGrain>>()),
            o =>
            {
                o.GrainType = "cell";
                configure?.Invoke(o);
            });
        services.AddSingleton<CellGrains>();
        return services;
    }
}
