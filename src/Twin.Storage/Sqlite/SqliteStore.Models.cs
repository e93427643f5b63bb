using System.Globalization;
using System.Text.Json;
using Twin.Storage.Internal;
using Microsoft.Data.Sqlite;

namespace Twin.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public Task<bool> AddModelVersionAsync(ModelVersionRow row, byte[] onnx, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(onnx);
        return RunWriteAsync(connection =>
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO model_versions ({RegistryColumns.Version}, onnx) VALUES ($v, $created, $hash, $parent, $by, $job, $passed, $card, $gates, $onnx) ON CONFLICT (version) DO NOTHING";
            insert.Parameters.AddWithValue("$v", row.Version);
            insert.Parameters.AddWithValue("$created", Time(row.CreatedAt));
            insert.Parameters.AddWithValue("$hash", row.DataHash);
            insert.Parameters.AddWithValue("$parent", (object?)row.ParentVersion ?? DBNull.Value);
            insert.Parameters.AddWithValue("$by", (object?)row.StartedBy ?? DBNull.Value);
            insert.Parameters.AddWithValue("$job", (object?)row.JobId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$passed", row.GatesPassed ? 1 : 0);
            insert.Parameters.AddWithValue("$card", row.CardJson);
            insert.Parameters.AddWithValue("$gates", row.GatesJson);
            insert.Parameters.AddWithValue("$onnx", onnx);
            return insert.ExecuteNonQuery() == 1;
        }, ct);
    }

    public async Task<IReadOnlyList<ModelVersionRow>> ListModelVersionsAsync(CancellationToken ct = default) =>
        await ReadAllAsync($"SELECT {RegistryColumns.Version} FROM model_versions ORDER BY created_at DESC, version DESC", null, ReadVersion, ct).ConfigureAwait(false);

    public async Task<ModelVersionRow?> GetModelVersionAsync(string version, CancellationToken ct = default) =>
        (await ReadAllAsync($"SELECT {RegistryColumns.Version} FROM model_versions WHERE version = $v", c => c.Parameters.AddWithValue("$v", version), ReadVersion, ct).ConfigureAwait(false))
        .SingleOrDefault();

    public async Task<byte[]?> ReadModelOnnxAsync(string version, CancellationToken ct = default) =>
        (await ReadAllAsync("SELECT onnx FROM model_versions WHERE version = $v", c => c.Parameters.AddWithValue("$v", version), r => (byte[])r.GetValue(0), ct).ConfigureAwait(false))
        .SingleOrDefault();

    public async Task<ServingChange?> GetServingAsync(CancellationToken ct = default) =>
        (await ListServingChangesAsync(1, ct).ConfigureAwait(false)).SingleOrDefault();

    public Task<ServingChange> AddServingChangeAsync(string version, string? previousVersion, string action, string? changedBy, DateTimeOffset at, CancellationToken ct = default) =>
        RunWriteAsync(connection =>
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO model_serving (version, previous_version, action, changed_by, changed_at) VALUES ($v, $prev, $action, $by, $at) RETURNING seq";
            insert.Parameters.AddWithValue("$v", version);
            insert.Parameters.AddWithValue("$prev", (object?)previousVersion ?? DBNull.Value);
            insert.Parameters.AddWithValue("$action", action);
            insert.Parameters.AddWithValue("$by", (object?)changedBy ?? DBNull.Value);
            insert.Parameters.AddWithValue("$at", Time(at));
            var seq = (long)insert.ExecuteScalar()!;
            return new ServingChange(seq, version, previousVersion, action, changedBy, at);
        }, ct);

    public async Task<IReadOnlyList<ServingChange>> ListServingChangesAsync(int limit, CancellationToken ct = default) =>
        await ReadAllAsync($"SELECT {RegistryColumns.Serving} FROM model_serving ORDER BY seq DESC LIMIT $limit", c => c.Parameters.AddWithValue("$limit", limit), r => new ServingChange(
            r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), ParseTime(r.GetString(5))), ct).ConfigureAwait(false);

    public Task<bool> TryAddRetrainJobAsync(RetrainJobRow job, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return RunWriteAsync(connection =>
        {
            using var insert = connection.CreateCommand();
            // ON CONFLICT without a target also covers the one-active-job index.
            insert.CommandText = $"INSERT INTO retrain_jobs ({RegistryColumns.Job}, active) VALUES ($id, $state, $stage, $percent, $version, $error, $by, $queued, $started, $finished, $heartbeat, 0, $log, $timings, 1) ON CONFLICT DO NOTHING";
            BindJob(insert, job);
            return insert.ExecuteNonQuery() == 1;
        }, ct);
    }

    public Task<bool> UpdateRetrainJobAsync(RetrainJobRow job, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return RunWriteAsync(connection =>
        {
            using var update = connection.CreateCommand();
            update.CommandText = """
                UPDATE retrain_jobs SET state = $state, stage = $stage, percent = $percent, version = $version, error = $error,
                    started_at = $started, finished_at = $finished, heartbeat_at = $heartbeat, log_json = $log, timings_json = $timings,
                    active = CASE WHEN $state IN ('succeeded', 'failed', 'cancelled') THEN NULL ELSE 1 END
                WHERE job_id = $id AND active IS NOT NULL
                RETURNING cancel_requested
                """;
            BindJob(update, job);
            return update.ExecuteScalar() is not long cancel || cancel != 0;
        }, ct);
    }

    public Task<bool> RequestRetrainCancelAsync(string jobId, CancellationToken ct = default) =>
        RunWriteAsync(connection =>
        {
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE retrain_jobs SET cancel_requested = 1 WHERE job_id = $id AND active IS NOT NULL";
            update.Parameters.AddWithValue("$id", jobId);
            return update.ExecuteNonQuery() == 1;
        }, ct);

    public async Task<RetrainJobRow?> GetRetrainJobAsync(string jobId, CancellationToken ct = default) =>
        (await ReadAllAsync($"SELECT {RegistryColumns.Job} FROM retrain_jobs WHERE job_id = $id", c => c.Parameters.AddWithValue("$id", jobId), ReadJob, ct).ConfigureAwait(false))
        .SingleOrDefault();

    public async Task<IReadOnlyList<RetrainJobRow>> ListRetrainJobsAsync(int limit, CancellationToken ct = default) =>
        await ReadAllAsync($"SELECT {RegistryColumns.Job} FROM retrain_jobs ORDER BY queued_at DESC, job_id DESC LIMIT $limit", c => c.Parameters.AddWithValue("$limit", limit), ReadJob, ct).ConfigureAwait(false);

    public Task<int> FailStaleRetrainJobsAsync(DateTimeOffset heartbeatBefore, string error, DateTimeOffset at, CancellationToken ct = default) =>
        RunWriteAsync(connection =>
        {
            using var update = connection.CreateCommand();
            update.CommandText = """
                UPDATE retrain_jobs SET state = 'failed', error = $error, finished_at = $at, active = NULL
                WHERE active IS NOT NULL AND heartbeat_at < $before
                """;
            update.Parameters.AddWithValue("$error", error);
            update.Parameters.AddWithValue("$at", Time(at));
            update.Parameters.AddWithValue("$before", Time(heartbeatBefore));
            return update.ExecuteNonQuery();
        }, ct);

    private async Task<List<T>> ReadAllAsync<T>(string sql, Action<SqliteCommand>? bind, Func<SqliteDataReader, T> read, CancellationToken ct)
    {
        await using var connection = await OpenReaderAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind?.Invoke(command);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) rows.Add(read(reader));
        return rows;
    }

    private static void BindJob(SqliteCommand c, RetrainJobRow job)
    {
        c.Parameters.AddWithValue("$id", job.JobId);
        c.Parameters.AddWithValue("$state", job.State);
        c.Parameters.AddWithValue("$stage", job.Stage);
        c.Parameters.AddWithValue("$percent", job.Percent);
        c.Parameters.AddWithValue("$version", (object?)job.Version ?? DBNull.Value);
        c.Parameters.AddWithValue("$error", (object?)job.Error ?? DBNull.Value);
        c.Parameters.AddWithValue("$by", (object?)job.StartedBy ?? DBNull.Value);
        c.Parameters.AddWithValue("$queued", Time(job.QueuedAt));
        c.Parameters.AddWithValue("$started", (object?)(job.StartedAt is { } s ? Time(s) : null) ?? DBNull.Value);
        c.Parameters.AddWithValue("$finished", (object?)(job.FinishedAt is { } f ? Time(f) : null) ?? DBNull.Value);
        c.Parameters.AddWithValue("$heartbeat", Time(job.HeartbeatAt));
        c.Parameters.AddWithValue("$log", JsonSerializer.Serialize(job.Log));
        c.Parameters.AddWithValue("$timings", JsonSerializer.Serialize(job.Timings));
    }

    private static ModelVersionRow ReadVersion(SqliteDataReader r) => new(
        r.GetString(0), ParseTime(r.GetString(1)), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
        r.IsDBNull(5) ? null : r.GetString(5), r.GetInt64(6) != 0, r.GetString(7), r.GetString(8));

    private static RetrainJobRow ReadJob(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6), ParseTime(r.GetString(7)), r.IsDBNull(8) ? null : ParseTime(r.GetString(8)),
        r.IsDBNull(9) ? null : ParseTime(r.GetString(9)), ParseTime(r.GetString(10)), r.GetInt64(11) != 0,
        JsonSerializer.Deserialize<string[]>(r.GetString(12)) ?? [], JsonSerializer.Deserialize<Dictionary<string, double>>(r.GetString(13)) ?? []);

    /// <summary>UTC in round-trip form, so times compare as text.</summary>
    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
