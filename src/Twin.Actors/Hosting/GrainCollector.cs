using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Twin.Actors.Hosting;

/// <summary>
/// Runs <see cref="GrainHost{TGrain}.CollectIdleAsync"/> every
/// <see cref="GrainHostOptions.CollectionQuantum"/> and deactivates everything (flushing
/// state) when the application stops.
/// </summary>
public sealed class GrainCollector<TGrain>(GrainHost<TGrain> host, TimeProvider? time = null, ILogger<GrainCollector<TGrain>>? logger = null)
    : BackgroundService where TGrain : class, IGrainBase
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(host.Options.CollectionQuantum, time ?? TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await host.CollectIdleAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogError(e, "Collecting idle {GrainType} activations failed", typeof(TGrain).Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await host.DeactivateAllAsync(cancellationToken).ConfigureAwait(false);
    }
}
