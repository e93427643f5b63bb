namespace Twin.Storage;

/// <summary>A trained model version as the registry keeps it (its ONNX bytes are read apart: <see cref="IModelRegistryStore.ReadModelOnnxAsync"/>).</summary>
public sealed record ModelVersionRow(
    string Version,
    DateTimeOffset CreatedAt,
    string DataHash,
    string? ParentVersion,
    string? StartedBy,
    string? JobId,
    bool GatesPassed,
    string CardJson,
    string GatesJson);

/// <summary>One change of the serving model (a promotion, a rollback); the newest is the model in force.</summary>
public sealed record ServingChange(
    long Seq,
    string Version,
    string? PreviousVersion,
    string Action,
    string? ChangedBy,
    DateTimeOffset ChangedAt);

/// <summary>A retraining job as stored: every silo answers for it, and a job whose runner died is seen as such.</summary>
public sealed record RetrainJobRow(
    string JobId,
    string State,
    string Stage,
    int Percent,
    string? Version,
    string? Error,
    string? StartedBy,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset HeartbeatAt,
    bool CancelRequested,
    IReadOnlyList<string> Log,
    IReadOnlyDictionary<string, double> Timings)
{
    public static readonly string[] FinishedStates = ["succeeded", "failed", "cancelled"];

    public bool IsFinished => FinishedStates.Contains(State);
}

/// <summary>
/// The model registry, in the same database as the cells so every silo of a cluster serves the
/// same version: versions (never overwritten), the history of what served when, and the
/// retraining jobs (at most one queued or running, enforced by the database).
/// </summary>
public interface IModelRegistryStore
{
    /// <summary>Adds a version; false when the version exists (a version is never overwritten).</summary>
    Task<bool> AddModelVersionAsync(ModelVersionRow row, byte[] onnx, CancellationToken ct = default);

    /// <summary>Every version, newest first.</summary>
    Task<IReadOnlyList<ModelVersionRow>> ListModelVersionsAsync(CancellationToken ct = default);

    Task<ModelVersionRow?> GetModelVersionAsync(string version, CancellationToken ct = default);

    Task<byte[]?> ReadModelOnnxAsync(string version, CancellationToken ct = default);

    /// <summary>The newest serving change (the model in force), or null when the shipped model has always served.</summary>
    Task<ServingChange?> GetServingAsync(CancellationToken ct = default);

    /// <summary>Records a change of the serving model (one row, so a kill leaves the old model or the new one in force).</summary>
    Task<ServingChange> AddServingChangeAsync(string version, string? previousVersion, string action, string? changedBy, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>The serving history, newest first.</summary>
    Task<IReadOnlyList<ServingChange>> ListServingChangesAsync(int limit, CancellationToken ct = default);

    /// <summary>Stores a new queued job; false when another job is queued or running (one at a time, cluster-wide).</summary>
    Task<bool> TryAddRetrainJobAsync(RetrainJobRow job, CancellationToken ct = default);

    /// <summary>
    /// Saves a job's progress (and heartbeat) as its runner sees it; a finished state frees the
    /// one-job slot. Returns true when the runner should stop: a cancel was requested (from any
    /// silo) or the job is no longer queued or running (failed as stale by another silo).
    /// </summary>
    Task<bool> UpdateRetrainJobAsync(RetrainJobRow job, CancellationToken ct = default);

    /// <summary>Asks the runner to cancel; false when there is no such queued or running job.</summary>
    Task<bool> RequestRetrainCancelAsync(string jobId, CancellationToken ct = default);

    Task<RetrainJobRow?> GetRetrainJobAsync(string jobId, CancellationToken ct = default);

    /// <summary>The newest jobs first.</summary>
    Task<IReadOnlyList<RetrainJobRow>> ListRetrainJobsAsync(int limit, CancellationToken ct = default);

    /// <summary>
    /// Marks failed, with <paramref name="error"/>, every queued or running job whose runner has not
    /// reported since <paramref name="heartbeatBefore"/> (it was killed or lost); returns how many.
    /// </summary>
    Task<int> FailStaleRetrainJobsAsync(DateTimeOffset heartbeatBefore, string error, DateTimeOffset at, CancellationToken ct = default);
}
