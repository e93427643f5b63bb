using System.Text.Json.Serialization;
using Twin.Storage;

namespace Twin.Api.Models;

/// <summary>One retraining job as its runner sees it. Mutated only by the runner; read under its lock; saved to the registry as a <see cref="RetrainJobRow"/>.</summary>
public sealed class RetrainJob(string id, string? startedBy, DateTimeOffset queuedAt)
{
    readonly Lock _lock = new();
    readonly List<string> _log = [];
    readonly Dictionary<string, double> _timings = [];

    public string Id { get; } = id;
    public CancellationTokenSource Cancellation { get; } = new();
    public string State { get; private set; } = "queued";

    string _stage = "queued";
    int _percent;
    string? _version, _error;
    DateTimeOffset? _startedAt, _finishedAt;

    public void Stage(string stage, int percent, string? line = null)
    {
        lock (_lock)
        {
            _stage = stage;
            _percent = percent;
            _startedAt ??= DateTimeOffset.UtcNow;
            State = "running";
            _log.Add($"{DateTimeOffset.UtcNow:HH:mm:ss} {line ?? stage}");
        }
    }

    public void Log(string line)
    {
        lock (_lock) _log.Add($"{DateTimeOffset.UtcNow:HH:mm:ss} {line}");
    }

    public void Timing(string stage, TimeSpan elapsed)
    {
        lock (_lock) _timings[stage] = Math.Round(elapsed.TotalSeconds, 2);
    }

    public void Finish(string state, string? version, string? error)
    {
        lock (_lock)
        {
            State = state;
            _version = version;
            _error = error;
            _finishedAt = DateTimeOffset.UtcNow;
            if (state == "succeeded") _percent = 100;
            _log.Add($"{DateTimeOffset.UtcNow:HH:mm:ss} {state}{(error is null ? "" : ": " + error)}");
        }
    }

    public string? StartedBy => startedBy;

    /// <summary>The job as stored, with <paramref name="heartbeat"/> as the time its runner last reported.</summary>
    public RetrainJobRow ToRow(DateTimeOffset heartbeat)
    {
        lock (_lock)
            return new RetrainJobRow(Id, State, _stage, _percent, _version, _error, startedBy, queuedAt, _startedAt, _finishedAt, heartbeat, false,
                _log.ToArray(), new Dictionary<string, double>(_timings));
    }
}

/// <summary>A retraining job as <c>GET /api/models/jobs/{id}</c> shows it.</summary>
public sealed record RetrainJobDto(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("percent")] int Percent,
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("started_by")] string? StartedBy,
    [property: JsonPropertyName("queued_at")] DateTimeOffset QueuedAt,
    [property: JsonPropertyName("started_at")] DateTimeOffset? StartedAt,
    [property: JsonPropertyName("finished_at")] DateTimeOffset? FinishedAt,
    [property: JsonPropertyName("log")] IReadOnlyList<string> Log,
    [property: JsonPropertyName("timings_s")] IReadOnlyDictionary<string, double> TimingsSeconds,
    [property: JsonPropertyName("cancel_requested")] bool CancelRequested,
    [property: JsonPropertyName("heartbeat_at")] DateTimeOffset HeartbeatAt)
{
    public static RetrainJobDto From(RetrainJobRow r) => new(r.JobId, r.State, r.Stage, r.Percent, r.Version, r.Error, r.StartedBy,
        r.QueuedAt, r.StartedAt, r.FinishedAt, r.Log, r.Timings, r.CancelRequested, r.HeartbeatAt);
}
