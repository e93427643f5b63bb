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
/// Runs retraining jobs one at a time in the background: the shipped literature and training-data
/// sets plus every cell in the store (finished cells with their observed end of life, running ones
/// censored), XGBoost on one thread (<see cref="TrainingOptions.Threads"/>) so serving keeps the
/// other cores, the export gate (ONNX Runtime vs XGBoost) and a held-out gate on the store's own
/// cells, then a new version on disk (<see cref="ModelVersions"/>). A job never changes the serving
/// model; a failed gate keeps the version for inspection, marked failed.
/// </summary>
public sealed partial class RetrainJobs(
    ICellStore cells, ICycleStore cycles, ModelVersions versions, IDesignModelSource serving,
    IOptions<TwinOptions> options, ILogger<RetrainJobs> logger) : BackgroundService
{
    /// <summary>The candidate's held-out EOL error may exceed the serving model's by this factor, its 90% coverage fall short by this much.</summary>
    public const double ErrorTolerance = 1.10, CoverageTolerance = 0.05;

    /// <summary>Fewer finished store cells than this in the held-out split: the held-out gate cannot judge and says so.</summary>
    public const int MinHeldOut = 5;

    readonly Channel<RetrainJob> _queue = Channel.CreateBounded<RetrainJob>(1);
    readonly ConcurrentDictionary<string, RetrainJob> _jobs = new();
    readonly Lock _startLock = new();
    RetrainJob? _active;

    public RetrainJob? Get(string id) => _jobs.GetValueOrDefault(id);

    /// <summary>The states a job passes through, for the job-state gauge.</summary>
    public static readonly string[] States = ["queued", "running", "succeeded", "failed", "cancelled"];

    /// <summary>How many of this silo's jobs are in each state (every state listed, 0 included).</summary>
    public IEnumerable<(string State, int Count)> CountByState()
    {
        var jobs = _jobs.Values.Select(j => j.State).ToList();
        return States.Select(s => (s, jobs.Count(j => j == s)));
    }

    /// <summary>Queues a job, or returns the one already queued or running (one job at a time).</summary>
    public (RetrainJob Job, bool Started) Start(string? startedBy)
    {
        lock (_startLock)
        {
            if (_active is { IsFinished: false } active) return (active, false);
            var job = new RetrainJob($"job-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}", startedBy, DateTimeOffset.UtcNow);
            _jobs[job.Id] = job;
            _active = job;
            if (!_queue.Writer.TryWrite(job)) throw new InvalidOperationException("the retraining queue is full.");
            return (job, true);
        }
    }

    public bool Cancel(string id)
    {
        if (!_jobs.TryGetValue(id, out var job) || job.IsFinished) return false;
        job.Cancellation.Cancel();
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, job.Cancellation.Token);
            try
            {
                // A thread of its own at low priority: the job's synchronous training never holds a thread-pool thread.
                var version = await RunOnOwnThread(() => Run(job, linked.Token));
                job.Finish(version.Passed ? "succeeded" : "failed", version.Version, version.Passed ? null : "a gate failed; the version is kept for inspection and is not served");
            }
            catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested || stoppingToken.IsCancellationRequested)
            {
                job.Finish("cancelled", null, job.Cancellation.IsCancellationRequested ? "cancelled by a request" : "the server stopped");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or ExportGateException or FormatException)
            {
                // Too little data, a disk full, an export refused: the job fails with the reason; the serving model is untouched.
                job.Finish("failed", null, e.Message);
                LogFailed(logger, e, job.Id);
            }
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
        var trainingOptions = new TrainingOptions { Threads = 1 };
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
            gates.AddRange(HeldOutGates(heldOut.Select(u => u.Unit).ToArray(), candidate, serving.Current, ct));
        foreach (var g in gates) job.Log($"gate {g.Name}: {(g.Passed ? "passed" : "FAILED")} ({g.Detail})");
        job.Timing("gates", clock.Elapsed);

        clock.Restart();
        job.Stage("writing the version", 95);
        var byFleet = store.GroupBy(u => u.Fleet).ToDictionary(g => g.Key, g => g.Count());
        var passed = gates.All(g => g.Passed);
        ct.ThrowIfCancellationRequested();
        versions.Save(version, onnx, card, new GateReport(passed, gates, serving.Current.Card.Version, job.Snapshot().StartedBy,
            store.Count, finished, store.Count - finished, byFleet));
        job.Timing("write", clock.Elapsed);
        job.Log($"version {version} written to {Path.Combine(versions.Root, version)}");
        return (version, passed);
    }

    async Task<List<(TrainingUnit Unit, string Fleet)>> ReadStore(CancellationToken ct)
    {
        var units = new List<(TrainingUnit, string)>();
        string? after = null;
        while (true)
        {
            var page = await cells.ListCellsAsync(new CellQuery(AfterCellId: after, Limit: CellQuery.MaxLimit), ct);
            foreach (var cell in page)
            {
                var rows = await cycles.ReadCyclesAsync(cell.CellId, ct);
                if (TrainingData.TryCellUnit("store", cell.CellId, cell.Design, rows.Select(r => (r.Cycle, r.DischargeCapacityAh))) is { } unit)
                    units.Add((unit, FleetKeys.Of(cell)));
            }
            if (page.Count < CellQuery.MaxLimit) return units;
            after = page[^1].CellId;
        }
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
}
