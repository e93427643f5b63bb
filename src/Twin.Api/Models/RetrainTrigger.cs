using Microsoft.Extensions.Options;
using Twin.Actors.Cells;
using Twin.Storage;

namespace Twin.Api.Models;

/// <summary>
/// Starts retraining without a person asking, when configured (both off by default):
/// <see cref="ModelOptions.RetrainEvery"/> (the newest job is older than that) or
/// <see cref="ModelOptions.RetrainAfterFinishedCells"/> (that many more cells' twins have reached
/// end of life than when this silo's trigger last started a job, or than at the server's start). Checked every
/// <see cref="ModelOptions.TriggerCheckInterval"/>; the registry's one-job rule keeps silos that
/// fire together from starting two.
/// </summary>
internal sealed partial class RetrainTrigger(
    RetrainJobs jobs, IModelRegistryStore registry, IGrainStateStore states, IOptions<ModelOptions> options, TimeProvider time, ILogger<RetrainTrigger> logger)
    : BackgroundService
{
    long? _finishedAtLastJob;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.RetrainAfterFinishedCells <= 0 && o.RetrainEvery is null) return;
        using var timer = new PeriodicTimer(o.TriggerCheckInterval, time);
        do
        {
            try
            {
                if (await ReasonToRetrainAsync(o, stoppingToken) is { } reason)
                {
                    var (job, started) = await jobs.QueueAsync(reason, stoppingToken);
                    if (started)
                    {
                        _finishedAtLastJob = await StoredCellTwins.CountFinishedAsync(states, stoppingToken);
                        LogStarted(logger, job.Id, reason);
                    }
                }
            }
            catch (StoreUnavailableException e)
            {
                LogCheckFailed(logger, e);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    async Task<string?> ReasonToRetrainAsync(ModelOptions o, CancellationToken ct)
    {
        if (o.RetrainAfterFinishedCells > 0)
        {
            var finished = await StoredCellTwins.CountFinishedAsync(states, ct);
            _finishedAtLastJob ??= finished;
            if (finished - _finishedAtLastJob >= o.RetrainAfterFinishedCells)
                return $"trigger: {finished - _finishedAtLastJob} more cells reached end of life (Twin:Models:RetrainAfterFinishedCells = {o.RetrainAfterFinishedCells})";
        }
        if (o.RetrainEvery is { } every)
        {
            var newest = (await registry.ListRetrainJobsAsync(1, ct)).FirstOrDefault();
            if (newest is null || time.GetUtcNow() - newest.QueuedAt >= every)
                return $"schedule: every {every} (Twin:Models:RetrainEvery)";
        }
        return null;
    }

    [LoggerMessage(EventId = 7320, Level = LogLevel.Information, Message = "Started retraining job {JobId}: {Reason}")]
    static partial void LogStarted(ILogger logger, string jobId, string reason);

    [LoggerMessage(EventId = 7321, Level = LogLevel.Warning, Message = "Could not check whether to retrain; the store is unavailable")]
    static partial void LogCheckFailed(ILogger logger, Exception error);
}
