using System.Text.Json.Serialization;

namespace Twin.Api.Models;

/// <summary>One retraining job as <c>GET /api/models/jobs/{id}</c> shows it. Mutated only by its runner; read under its lock.</summary>
public sealed class RetrainJob(string id, string? startedBy, DateTimeOffset queuedAt)
{
    readonly Lock _lock = new();
    readonly List<string> _log = [];
    readonly Dictionary<string, double> _timings = [];

    public string Id { get; } = id;
    public CancellationTokenSource Cancellation { get; } = new();
    public string State { get; private set; } = "queued";
    public bool IsFinished => State is "succeeded" or "failed" or "cancelled";

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

    public RetrainJobDto Snapshot()
    {
        lock (_lock)
            return new RetrainJobDto(Id, State, _stage, _percent, _version, _error, startedBy, queuedAt, _startedAt, _finishedAt,
                _log.ToArray(), new Dictionary<string, double>(_timings));
    }
}

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
    [property: JsonPropertyName("timings_s")] IReadOnlyDictionary<string, double> TimingsSeconds);
