using Microsoft.Extensions.Options;
using Twin.Storage;

namespace Twin.Api.Models;

/// <summary>What a promotion or rollback did, or why it was refused (an HTTP status and a message for ProblemDetails).</summary>
public sealed record PromotionOutcome(ServingChange? Change, int Status, string? Title = null, string? Detail = null)
{
    public static PromotionOutcome Refused(int status, string title, string detail) => new(null, status, title, detail);
}

/// <summary>
/// Which version serves, for the whole cluster: a promotion or rollback is one row in the
/// registry's serving history (so a kill leaves the old model or the new one in force, never
/// half of either), installed at once on the silo that made it and, through
/// <see cref="SyncAsync"/> on every silo's poll, on the others within <see cref="ModelOptions.PollInterval"/>.
/// Only the shipped model or a version whose gates passed can serve.
/// </summary>
public sealed partial class ModelPromotion(
    ServingModel serving, ModelVersions versions, IModelRegistryStore registry, TimeProvider time, ILogger<ModelPromotion> logger)
{
    public const string Promote = "promote", Rollback = "rollback", AutoPromote = "auto-promote";
    readonly SemaphoreSlim _sync = new(1, 1);
    string? _refused;

    /// <summary>The version the registry says serves (the shipped one when nothing was ever promoted).</summary>
    public async Task<string> ServingVersionAsync(CancellationToken ct) =>
        (await registry.GetServingAsync(ct))?.Version ?? serving.Shipped.Version;

    /// <summary>Installs the version the registry says serves, if this silo serves another.</summary>
    public async Task SyncAsync(CancellationToken ct)
    {
        var wanted = await ServingVersionAsync(ct);
        if (wanted == serving.Card.Version || wanted == _refused) return;
        await _sync.WaitAsync(ct);
        try
        {
            if (wanted == serving.Card.Version) return;
            if (wanted == serving.Shipped.Version)
                serving.Install(serving.LoadShipped());
            else if (await versions.ReadAsync(wanted, ct) is { GatesPassed: true } version)
            {
                try
                {
                    serving.Install(await versions.LoadAsync(version, logger, ct));
                }
                catch (Exception e) when (e is not (OperationCanceledException or StoreUnavailableException))
                {
                    // E.g. a version trained by a build with other features: this silo cannot serve it; say so and keep the model in force.
                    _refused = wanted;
                    LogUnloadable(logger, e, wanted, serving.Card.Version);
                    return;
                }
            }
            else
            {
                // Never serve what is missing or failed its gates, even if a row says so: keep the model in force.
                _refused = wanted;
                LogRefused(logger, wanted, serving.Card.Version);
                return;
            }
            LogSwapped(logger, wanted);
        }
        finally
        {
            _sync.Release();
        }
    }

    public async Task<PromotionOutcome> PromoteAsync(string version, string? by, string action, CancellationToken ct)
    {
        var current = await ServingVersionAsync(ct);
        if (version != serving.Shipped.Version)
        {
            if (await versions.ReadAsync(version, ct) is not { } stored)
                return PromotionOutcome.Refused(404, "Unknown model version.", $"No model version '{version}'. GET /api/models lists them.");
            if (!stored.GatesPassed)
                return PromotionOutcome.Refused(409, "The version failed its gates.",
                    $"Version {version} failed {string.Join(", ", stored.Gates?.Gates.Where(g => !g.Passed).Select(g => g.Name) ?? [])}; it is kept for inspection and is never served.");
        }
        if (version == current)
            return PromotionOutcome.Refused(409, "The version already serves.", $"Version {version} is the serving model.");
        var change = await registry.AddServingChangeAsync(version, current, action, by, time.GetUtcNow(), ct);
        await SyncAsync(ct);
        return new PromotionOutcome(change, 200);
    }

    /// <summary>
    /// Takes <paramref name="version"/> (which must be serving) out of service and serves what
    /// served before it was promoted; rolling back again goes one step further back.
    /// </summary>
    public async Task<PromotionOutcome> RollbackAsync(string version, string? by, CancellationToken ct)
    {
        var current = await ServingVersionAsync(ct);
        if (version != current)
            return PromotionOutcome.Refused(409, "Only the serving version can be rolled back.", $"Version {version} does not serve; {current} does.");
        var history = await registry.ListServingChangesAsync(1000, ct);
        var target = history.FirstOrDefault(c => c.Version == version && c.Action != Rollback)?.PreviousVersion;
        if (target is null)
            return PromotionOutcome.Refused(409, "Nothing to roll back to.", $"Version {version} was never promoted over another version.");
        var change = await registry.AddServingChangeAsync(target, version, Rollback, by, time.GetUtcNow(), ct);
        await SyncAsync(ct);
        return new PromotionOutcome(change, 200);
    }

    [LoggerMessage(EventId = 7310, Level = LogLevel.Information, Message = "Design model {Version} now serves on this silo")]
    static partial void LogSwapped(ILogger logger, string version);

    [LoggerMessage(EventId = 7313, Level = LogLevel.Error, Message = "The registry names {Version} as serving, but this silo cannot load it; {Current} keeps serving")]
    static partial void LogUnloadable(ILogger logger, Exception error, string version, string current);

    [LoggerMessage(EventId = 7311, Level = LogLevel.Error, Message = "The registry names {Version} as serving, but it is missing or failed its gates; {Current} keeps serving")]
    static partial void LogRefused(ILogger logger, string version, string current);
}

/// <summary>
/// Each silo's link to the registry: installs the serving version before the server takes
/// requests, then polls for promotions made on other silos.
/// </summary>
internal sealed partial class ServingModelWatcher(ModelPromotion promotion, ModelVersions versions, IOptions<ModelOptions> options, ILogger<ServingModelWatcher> logger)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken ct)
    {
        await versions.RemoveUncommittedAsync(ct);
        await promotion.SyncAsync(ct);
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await promotion.SyncAsync(stoppingToken);
            }
            catch (Exception e) when (e is StoreUnavailableException or IOException or InvalidDataException)
            {
                LogPollFailed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 7312, Level = LogLevel.Warning, Message = "Could not read the serving model version from the registry; the model in force keeps serving")]
    static partial void LogPollFailed(ILogger logger, Exception error);
}
