using System.Text.Json;
using Twin.Storage.Internal;
using Npgsql;

namespace Twin.Storage.Postgres;

public sealed partial class PostgresStore
{
    public Task<bool> AddModelVersionAsync(ModelVersionRow row, byte[] onnx, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(onnx);
        return RunAsync(async (connection, token) =>
        {
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO model_versions ({RegistryColumns.Version}, onnx) VALUES (@v, @created, @hash, @parent, @by, @job, @passed, @card, @gates, @onnx) ON CONFLICT (version) DO NOTHING",
                connection);
            insert.Parameters.AddWithValue("v", row.Version);
            insert.Parameters.AddWithValue("created", row.CreatedAt.ToUniversalTime());
            insert.Parameters.AddWithValue("hash", row.DataHash);
            insert.Parameters.AddWithValue("parent", (object?)row.ParentVersion ?? DBNull.Value);
            insert.Parameters.AddWithValue("by", (object?)row.StartedBy ?? DBNull.Value);
            insert.Parameters.AddWithValue("job", (object?)row.JobId ?? DBNull.Value);
            insert.Parameters.AddWithValue("passed", row.GatesPassed);
            insert.Parameters.AddWithValue("card", row.CardJson);
            insert.Parameters.AddWithValue("gates", row.GatesJson);
            insert.Parameters.AddWithValue("onnx", onnx);
            return await insert.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
        }, ct);
    }

    public Task<IReadOnlyList<ModelVersionRow>> ListModelVersionsAsync(CancellationToken ct = default) =>
        ReadAllAsync($"SELECT {RegistryColumns.Version} FROM model_versions ORDER BY created_at DESC, version DESC", null, ReadVersion, ct);

    public async Task<ModelVersionRow?> GetModelVersionAsync(string version, CancellationToken ct = default) =>
        (await ReadAllAsync($"SELECT {RegistryColumns.Version} FROM model_versions WHERE version = @v", c => c.Parameters.AddWithValue("v", version), ReadVersion, ct).ConfigureAwait(false))
        .SingleOrDefault();

    public async Task<byte[]?> ReadModelOnnxAsync(string version, CancellationToken ct = default) =>
        (await ReadAllAsync("SELECT onnx FROM model_versions WHERE version = @v", c => c.Parameters.AddWithValue("v", version), r => r.GetFieldValue<byte[]>(0), ct).ConfigureAwait(false))
        .SingleOrDefault();

    public async Task<ServingChange?> GetServingAsync(CancellationToken ct = default) =>
        (await ListServingChangesAsync(1, ct).ConfigureAwait(false)).SingleOrDefault();

    public Task<ServingChange> AddServingChangeAsync(string version, string? previousVersion, string action, string? changedBy, DateTimeOffset at, CancellationToken ct = default) =>
        RunAsync(async (connection, token) =>
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO model_serving (version, previous_version, action, changed_by, changed_at) VALUES (@v, @prev, @action, @by, @at) RETURNING seq", connection);
            insert.Parameters.AddWithValue("v", version);
            insert.Parameters.AddWithValue("prev", (object?)previousVersion ?? DBNull.Value);
            insert.Parameters.AddWithValue("action", action);
            insert.Parameters.AddWithValue("by", (object?)changedBy ?? DBNull.Value);
            insert.Parameters.AddWithValue("at", at.ToUniversalTime());
            var seq = (long)(await insert.ExecuteScalarAsync(token).ConfigureAwait(false))!;
            return new ServingChange(seq, version, previousVersion, action, changedBy, at);
        }, ct);

    public Task<IReadOnlyList<ServingChange>> ListServingChangesAsync(int limit, CancellationToken ct = default) =>
        ReadAllAsync($"SELECT {RegistryColumns.Serving} FROM model_serving ORDER BY seq DESC LIMIT @limit", c => c.Parameters.AddWithValue("limit", limit), r => new ServingChange(
            r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetFieldValue<DateTimeOffset>(5)), ct);

    public Task<bool> TryAddRetrainJobAsync(RetrainJobRow job, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return RunAsync(async (connection, token) =>
        {
            // ON CONFLICT without a target also covers the one-active-job index.
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO retrain_jobs ({RegistryColumns.Job}, active) VALUES (@id, @state, @stage, @percent, @version, @error, @by, @queued, @started, @finished, @heartbeat, false, @log, @timings, 1) ON CONFLICT DO NOTHING",
                connection);
            BindJob(insert, job);
            return await insert.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
        }, ct);
    }

    public Task<bool> UpdateRetrainJobAsync(RetrainJobRow job, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return RunAsync(async (connection, token) =>
        {
            await using var update = new NpgsqlCommand("""
                UPDATE retrain_jobs SET state = @state, stage = @stage, percent = @percent, version = @version, error = @error,
                    started_at = @started, finished_at = @finished, heartbeat_at = @heartbeat, log_json = @log, timings_json = @timings,
                    active = CASE WHEN @state IN ('succeeded', 'failed', 'cancelled') THEN NULL ELSE 1 END
                WHERE job_id = @id AND active IS NOT NULL
                RETURNING cancel_requested
                """, connection);
            BindJob(update, job);
            return await update.ExecuteScalarAsync(token).ConfigureAwait(false) is not bool cancel || cancel;
        }, ct);
    }

    public Task<bool> RequestRetrainCancelAsync(string jobId, CancellationToken ct = default) =>
        RunAsync(async (connection, token) =>
        {
            await using var update = new NpgsqlCommand("UPDATE retrain_jobs SET cancel_requested = true WHERE job_id = @id AND active IS NOT NULL", connection);
            update.Parameters.AddWithValue("id", jobId);
            return await update.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
        }, ct);

    public async Task<RetrainJobRow?> GetRetrainJobAsync(string jobId, CancellationToken ct = default) =>
        (await ReadAllAsync($"SELECT {RegistryColumns.Job} FROM retrain_jobs WHERE job_id = @id", c => c.Parameters.AddWithValue("id", jobId), ReadJob, ct).ConfigureAwait(false))
        .SingleOrDefault();

    public Task<IReadOnlyList<RetrainJobRow>> ListRetrainJobsAsync(int limit, CancellationToken ct = default) =>
        ReadAllAsync($"SELECT {RegistryColumns.Job} FROM retrain_jobs ORDER BY queued_at DESC, job_id DESC LIMIT @limit", c => c.Parameters.AddWithValue("limit", limit), ReadJob, ct);

    public Task<int> FailStaleRetrainJobsAsync(DateTimeOffset heartbeatBefore, string error, DateTimeOffset at, CancellationToken ct = default) =>
        RunAsync(async (connection, token) =>
        {
            await using var update = new NpgsqlCommand("""
                UPDATE retrain_jobs SET state = 'failed', error = @error, finished_at = @at, active = NULL
                WHERE active IS NOT NULL AND heartbeat_at < @before
                """, connection);
            update.Parameters.AddWithValue("error", error);
            update.Parameters.AddWithValue("at", at.ToUniversalTime());
            update.Parameters.AddWithValue("before", heartbeatBefore.ToUniversalTime());
            return await update.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, ct);

    private Task<IReadOnlyList<T>> ReadAllAsync<T>(string sql, Action<NpgsqlCommand>? bind, Func<NpgsqlDataReader, T> read, CancellationToken ct) =>
        RunAsync<IReadOnlyList<T>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(sql, connection);
            bind?.Invoke(command);
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            var rows = new List<T>();
            while (await reader.ReadAsync(token).ConfigureAwait(false)) rows.Add(read(reader));
            return rows;
        }, ct);

    private static void BindJob(NpgsqlCommand c, RetrainJobRow job)
    {
        c.Parameters.AddWithValue("id", job.JobId);
        c.Parameters.AddWithValue("state", job.State);
        c.Parameters.AddWithValue("stage", job.Stage);
        c.Parameters.AddWithValue("percent", job.Percent);
        c.Parameters.AddWithValue("version", (object?)job.Version ?? DBNull.Value);
        c.Parameters.AddWithValue("error", (object?)job.Error ?? DBNull.Value);
        c.Parameters.AddWithValue("by", (object?)job.StartedBy ?? DBNull.Value);
        c.Parameters.AddWithValue("queued", job.QueuedAt.ToUniversalTime());
        c.Parameters.AddWithValue("started", (object?)job.StartedAt?.ToUniversalTime() ?? DBNull.Value);
        c.Parameters.AddWithValue("finished", (object?)job.FinishedAt?.ToUniversalTime() ?? DBNull.Value);
        c.Parameters.AddWithValue("heartbeat", job.HeartbeatAt.ToUniversalTime());
        c.Parameters.AddWithValue("log", JsonSerializer.Serialize(job.Log));
        c.Parameters.AddWithValue("timings", JsonSerializer.Serialize(job.Timings));
    }

    private static ModelVersionRow ReadVersion(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
        r.IsDBNull(5) ? null : r.GetString(5), r.GetBoolean(6), r.GetString(7), r.GetString(8));

    private static RetrainJobRow ReadJob(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6), r.GetFieldValue<DateTimeOffset>(7), r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8),
        r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9), r.GetFieldValue<DateTimeOffset>(10), r.GetBoolean(11),
        JsonSerializer.Deserialize<string[]>(r.GetString(12)) ?? [], JsonSerializer.Deserialize<Dictionary<string, double>>(r.GetString(13)) ?? []);
}
