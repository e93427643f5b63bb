namespace Twin.Storage.Internal;

/// <summary>The model registry's column lists, in the order both stores read them.</summary>
internal static class RegistryColumns
{
    public const string Version = "version, created_at, data_hash, parent_version, started_by, job_id, gates_passed, card_json, gates_json";
    public const string Serving = "seq, version, previous_version, action, changed_by, changed_at";
    public const string Job = "job_id, state, stage, percent, version, error, started_by, queued_at, started_at, finished_at, heartbeat_at, cancel_requested, log_json, timings_json";
}
