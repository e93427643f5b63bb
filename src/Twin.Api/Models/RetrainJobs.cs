using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Twin.Actors.Fleet;
using Twin.Api.Infrastructure;
using Twin.Core.Designs;
using Twin.Ml.Models;
using Twin.Ml.Prediction;
using Twin.Ml.Training;
using Twin.Storage;

namespace Twin.Api.Models;

/// <summary>
/// Runs retraining jobs in the background: the shipped literature and training-data sets plus
/// every cell in the store (finished cells with their observed end of life, running ones
/// censored), XGBoost on one thread (<see cref="TrainingOptions.Threads"/>) so serving keeps the
/// other cores, the export gate (ONNX Runtime vs XGBoost) and a held-out gate on the store's own
/// cells, then a new version in the registry (<see cref="ModelVersions"/>). A job never changes the
/// serving model unless <see cref="ModelOptions.AutoPromote"/> promotes a version whose gates
/// passed; a failed gate keeps the version for inspection, never served.
/// Jobs live in the registry, so any silo answers for them and one runs at a time cluster-wide
/// (the database refuses a second). The silo that accepted a job runs it and reports every
/// <see cref="ModelOptions.JobHeartbeat"/>; a job silent for <see cref="ModelOptions.JobStaleAfter"/>
/// (its server was killed) is shown failed.
/// </summary>
public sealed partial class RetrainJobs(
    ICellStore cells, ICycleStore cycles, IModelRegistryStore registry, ModelVersions versions, ServingModel serving, ModelPromotion promotion,
    IOptions<TwinOptions> options, IOptions<ModelOptions> modelOptions, TimeProvider time, ILogger<RetrainJobs> logger) : BackgroundService
{
    /// <summary>The candidate's held-out EOL error may exceed the serving model's by this factor, its 90% coverage fall short by this much.</summary>
    public const double ErrorTolerance = 1.10, CoverageTolerance = 0.05;

    /// <summary>Fewer finished store cells than this in the held-out split: the held-out gate cannot judge and says so.</summary>
    public const int MinHeldOut = 5;

    public const string KilledError = "the server running the job stopped (killed or lost) before it finished; the serving model is untouched";

    readonly Channel<RetrainJob> _queue = Channel.CreateUnbounded<RetrainJob>();
    readonly ConcurrentDictionary<string, RetrainJob> _local = new();

    /// <summary>The states a job passes through, for the job-state gauge.</summary>
    public static readonly string[] States = ["queued", "running", "succeeded", "failed", "cancelled"];

    /// <summary>How many of this silo's jobs are in each state (every state listed, 0 included).</summary>
    public IEnumerable<(string State, int Count)> CountByState()
    {
        var jobs = _local.Values.Select(j => j.State).ToList();
        return States.Select(s => (s, jobs.Count(j => j == s)));
    }

    /// <summary>Queues a job on this silo, or returns the one already queued or running anywhere (one job at a time).</summary>
    public async Task<(RetrainJobDto Job, bool Started)> QueueAsync(string? startedBy, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            await FailStaleAsync(ct);
            var now = time.GetUtcNow();
            var job = new RetrainJob($"job-{now:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}", startedBy, now);
            var row = job.ToRow(now);
            if (await registry.TryAddRetrainJobAsync(row, ct))
            {
                _local[job.Id] = job;
                _queue.Writer.TryWrite(job);
                return (RetrainJobDto.From(row), true);
            }
            // Another job holds the slot; it may have finished between the insert and this read.
            var active = (await registry.ListRetrainJobsAsync(10, ct)).FirstOrDefault(j => !j.IsFinished);
            if (active is not null || attempt == 2)
                return (RetrainJobDto.From(active ?? row), false);
        }
    }

    public async Task<RetrainJobDto?> GetAsync(string id, CancellationToken ct)
    {
        if (await registry.GetRetrainJobAsync(id, ct) is not { } row) return null;
        if (IsStale(row))
        {
            await FailStaleAsync(ct);
            row = await registry.GetRetrainJobAsync(id, ct) ?? row;
        }
        return RetrainJobDto.From(row);
    }

    public async Task<IReadOnlyList<RetrainJobDto>> ListAsync(int limit, CancellationToken ct)
    {
        var rows = await registry.ListRetrainJobsAsync(limit, ct);
        if (rows.Any(IsStale))
        {
            await FailStaleAsync(ct);
            rows = await registry.ListRetrainJobsAsync(limit, ct);
        }
        return rows.Select(RetrainJobDto.From).ToArray();
    }

    /// <summary>Queued or running, but its runner has not reported for <see cref="ModelOptions.JobStaleAfter"/>: a reader marks it failed (a write only then).</summary>
    bool IsStale(RetrainJobRow row) => !row.IsFinished && row.HeartbeatAt < time.GetUtcNow() - modelOptions.Value.JobStaleAfter;

    /// <summary>Asks the job's runner (on whichever silo) to cancel; null when there is no such job, false when it has finished.</summary>
    public async Task<bool?> CancelAsync(string id, CancellationToken ct)
    {
        if (await GetAsync(id, ct) is not { } job) return null;
        if (job.State is not ("queued" or "running") || !await registry.RequestRetrainCancelAsync(id, ct)) return false;
        if (_local.TryGetValue(id, out var local)) await local.Cancellation.CancelAsync();
        return true;
    }

    Task FailStaleAsync(CancellationToken ct) =>
        registry.FailStaleRetrainJobsAsync(time.GetUtcNow() - modelOptions.Value.JobStaleAfter, KilledError, time.GetUtcNow(), ct);

    public override async Task StartAsync(CancellationToken ct)
    {
        // SQLite serves one server, so a job still active at start was this server's before a kill; PostgreSQL jobs may belong to other silos, so wait for their heartbeat to go stale.
        var before = options.Value.Store == TwinOptions.PostgresStore ? time.GetUtcNow() - modelOptions.Value.JobStaleAfter : time.GetUtcNow();
        await registry.FailStaleRetrainJobsAsync(before, KilledError, time.GetUtcNow(), ct);
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, job.Cancellation.Token);
            using var stopHeartbeat = new CancellationTokenSource();
            var heartbeat = HeartbeatAsync(job, stopHeartbeat.Token);
            try
            {
                // A thread of its own at low priority: the job's synchronous training never holds a thread-pool thread.
                var version = await RunOnOwnThread(() => Run(job, linked.Token));
                // Promote before the job is finished: a heartbeat may save a finished job at any moment, and nothing is saved after that.
                if (version.Passed && modelOptions.Value.AutoPromote) await AutoPromoteAsync(job, version.Version, stoppingToken);
                job.Finish(version.Passed ? "succeeded" : "failed", version.Version, version.Passed ? null : "a gate failed; the version is kept for inspection and is not served");
            }
            catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested || stoppingToken.IsCancellationRequested)
            {
                job.Finish("cancelled", null, job.Cancellation.IsCancellationRequested ? "cancelled by a request" : "the server stopped");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Too little data, a disk full, an export refused, the store lost: the job fails with the reason; the serving model and the server are untouched.
                job.Finish("failed", null, e.Message);
                LogFailed(logger, e, job.Id);
            }
            await stopHeartbeat.CancelAsync();
            await heartbeat;
            await SaveAsync(job, CancellationToken.None);
        }
    }

    /// <summary>The policy's promotion of a version whose gates passed; a refusal or a lost store is logged in the job, which still succeeded.</summary>
    async Task AutoPromoteAsync(RetrainJob job, string version, CancellationToken ct)
    {
        try
        {
            var promoted = await promotion.PromoteAsync(version, $"auto-promote after {job.Id}", ModelPromotion.AutoPromote, ct);
            job.Log(promoted.Change is null ? $"not auto-promoted: {promoted.Detail}" : $"auto-promoted: version {version} serves");
        }
        catch (Exception e) when (e is StoreUnavailableException or InvalidDataException or IOException)
        {
            job.Log($"not auto-promoted: {e.Message}");
        }
    }

    /// <summary>Reports the job's progress every heartbeat; learns there of a cancel asked on another silo.</summary>
    async Task HeartbeatAsync(RetrainJob job, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(modelOptions.Value.JobHeartbeat, time);
        try
        {
            do
            {
                if (await SaveAsync(job, ct)) await job.Cancellation.CancelAsync();
            } while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    /// <summary>Saves the job; true when its runner should stop (a cancel was asked, or the job was failed as stale meanwhile).</summary>
    async Task<bool> SaveAsync(RetrainJob job, CancellationToken ct)
    {
        try
        {
            return await registry.UpdateRetrainJobAsync(job.ToRow(time.GetUtcNow()), ct);
        }
        catch (StoreUnavailableException e)
        {
            LogSaveFailed(logger, e, job.Id);
            return false;
        }
    }

    static Task<T> RunOnOwnThread<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try { done.SetResult(work()); }
            catch (Exception e) { done.SetException(e); }
        })
        { IsBackground = true, Priority = ThreadPriority.BelowNormal, Name = "twin-retrain" };
        thread.Start();
        return done.Task;
    }

    (string Version, bool Passed) Run(RetrainJob job, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        job.Stage("reading the store", 5);
        var store = ReadStore(ct).GetAwaiter().GetResult();
        var finished = store.Count(u => !u.Unit.IsRightCensored);
        job.Log($"store: {store.Count} cells with enough cycles ({finished} finished, {store.Count - finished} running, censored)");
        job.Timing("read_store", clock.Elapsed);

        // Held out: a fifth of the store's finished cells, whole cells (a cell's history is one unit), chosen by a hash of the id.
        var heldOut = store.Where(u => !u.Unit.IsRightCensored && StableHash(u.Unit.Id) % 5 == 0).ToArray();
        var trainOn = store.Except(heldOut).Select(u => u.Unit).ToArray();

        clock.Restart();
        job.Stage("loading the training data", 15);
        var dataRoot = options.Value.ResolveTrainingDataDirectory();
        var set = TrainingData.Load(dataRoot, trainOn);
        job.Log($"training data: {set.Units.Count} units from {set.Files.Count} files and the store; data hash {set.DataHash[..15]}");
        job.Timing("load_data", clock.Elapsed);

        clock.Restart();
        job.Stage("training", 25, "training XGBoost (survival:aft) on one thread, with grouped cross-validation");
        var trainingOptions = new TrainingOptions { Threads = 1, CalibrationParallelism = 1 };
        var trained = new DesignModelTrainer(trainingOptions).Train(set, ct);
        job.Log($"trained on {trained.Summary.Units} units ({trained.Summary.ExactLabels} exact, {trained.Summary.RightCensored} censored, {trained.Summary.IntervalLabels} interval)");
        job.Timing("train", clock.Elapsed);

        clock.Restart();
        job.Stage("export gate", 80, "exporting to ONNX and checking ONNX Runtime against XGBoost");
        var version = $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}-{set.DataHash[7..15]}";
        var (onnx, agreement) = ModelExporter.Export(trained, set, version);
        var card = ModelCard.For(versions.ModelName, version, onnx, agreement, set, dataRoot, trained, trainingOptions);
        var gates = new List<Gate> { new("ort_vs_xgboost", true, agreement, ModelExporter.AgreementTolerance, "max relative difference of the margins over the training rows") };
        job.Timing("export", clock.Elapsed);

        clock.Restart();
        job.Stage("held-out gate", 88, $"scoring candidate and serving model on {heldOut.Length} held-out store cells");
        using (var candidate = new DesignForecaster(onnx, card))
        using (var current = serving.Acquire())
            gates.AddRange(HeldOutGates(heldOut.Select(u => u.Unit).ToArray(), candidate, current.Value, ct));
        foreach (var g in gates) job.Log($"gate {g.Name}: {(g.Passed ? "passed" : "FAILED")} ({g.Detail})");
        job.Timing("gates", clock.Elapsed);

        clock.Restart();
        job.Stage("writing the version", 95);
        var byFleet = store.GroupBy(u => u.Fleet).ToDictionary(g => g.Key, g => g.Count());
        var passed = gates.All(g => g.Passed);
        ct.ThrowIfCancellationRequested();
        versions.SaveAsync(version, onnx, card, new GateReport(passed, gates, serving.Card.Version, job.StartedBy,
            store.Count, finished, store.Count - finished, byFleet), job.Id, ct).GetAwaiter().GetResult();
        job.Timing("write", clock.Elapsed);
        job.Log($"version {version} written to {Path.Combine(versions.Root, version)}");
        return (version, passed);
    }

    /// <summary>Every registered cell as a training unit: the cells page by page, then all capacities in one pass (no query per cell).</summary>
    async Task<List<(TrainingUnit Unit, string Fleet)>> ReadStore(CancellationToken ct)
    {
        var registered = new Dictionary<string, CellRow>(StringComparer.Ordinal);
        for (string? after = null; ;)
        {
            var page = await cells.ListCellsAsync(new CellQuery(AfterCellId: after, Limit: CellQuery.MaxLimit), ct);
            foreach (var cell in page) registered[cell.CellId] = cell;
            if (page.Count < CellQuery.MaxLimit) break;
            after = page[^1].CellId;
        }
        var units = new List<(TrainingUnit, string)>();
        await foreach (var history in cycles.ReadAllCapacitiesAsync(ct))
            if (registered.TryGetValue(history.CellId, out var cell)
                && TrainingData.TryCellUnit("store", cell.CellId, cell.Design, history.Points) is { } unit)
                units.Add((unit, FleetKeys.Of(cell)));
        return units;
    }

    /// <summary>
    /// The candidate against the serving model on held-out store cells (whole cells): median
    /// absolute percentage error of the design prior's end of life against the observed one, and
    /// the share of observed lives inside the 90% interval.
    /// </summary>
    static IEnumerable<Gate> HeldOutGates(TrainingUnit[] heldOut, DesignForecaster candidate, DesignForecaster current, CancellationToken ct)
    {
        if (heldOut.Length < MinHeldOut)
        {
            yield return new Gate("held_out_store_cells", true, heldOut.Length, MinHeldOut,
                $"only {heldOut.Length} finished store cells held out (fewer than {MinHeldOut}): the held-out gate cannot judge; the export gate alone decides");
            yield break;
        }
        var designs = heldOut.Select(u => u.Design).ToArray();
        var (candError, candCover) = Score(heldOut, candidate.Predict(designs, ct));
        var (servError, servCover) = Score(heldOut, current.Predict(designs, ct));
        yield return new Gate("held_out_eol_error", candError <= servError * ErrorTolerance, candError, servError * ErrorTolerance,
            $"median |error| of EOL {candError:P1} vs serving {servError:P1} on {heldOut.Length} held-out store cells (tolerance ×{ErrorTolerance})");
        yield return new Gate("held_out_cov90", candCover >= servCover - CoverageTolerance, candCover, servCover - CoverageTolerance,
            $"90% coverage {candCover:P0} vs serving {servCover:P0} (tolerance −{CoverageTolerance:P0})");
    }

    static (double MedianError, double Coverage) Score(TrainingUnit[] units, IReadOnlyList<DesignPrior> priors)
    {
        var errors = new double[units.Length];
        var covered = 0;
        for (var i = 0; i < units.Length; i++)
        {
            var truth = Math.Sqrt(units[i].EolLower * units[i].EolUpper);
            errors[i] = Math.Abs(priors[i].Eol80 - truth) / truth;
            var band = priors[i].Interval(0.90);
            if (band.Lower <= units[i].EolUpper && units[i].EolLower <= band.Upper) covered++;
        }
        Array.Sort(errors);
        return (errors[errors.Length / 2], covered / (double)units.Length);
    }

    static uint StableHash(string s)
    {
        var h = 2166136261u;
        foreach (var c in s) h = (h ^ c) * 16777619u;
        return h;
    }

    [LoggerMessage(EventId = 7300, Level = LogLevel.Warning, Message = "Retraining job {JobId} failed")]
    static partial void LogFailed(ILogger logger, Exception error, string jobId);

    [LoggerMessage(EventId = 7301, Level = LogLevel.Warning, Message = "Could not save the progress of retraining job {JobId}; it keeps running")]
    static partial void LogSaveFailed(ILogger logger, Exception error, string jobId);
}
