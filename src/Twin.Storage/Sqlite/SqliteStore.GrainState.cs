using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Twin.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<StoredGrainState> ReadAsync(string grainType, string key, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(grainType);
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await OpenReaderAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT state_json, etag FROM grain_state WHERE grain_type = $type AND grain_key = $key";
        command.Parameters.AddWithValue("$type", grainType);
        command.Parameters.AddWithValue("$key", key);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false)
            ? new StoredGrainState(reader.GetString(0), reader.GetString(1))
            : default;
    }

    public async Task<long> CountFlaggedAsync(string grainType, string property, CancellationToken ct = default)
    {
        await using var connection = await OpenReaderAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // json_extract gives 1 for a JSON true.
        command.CommandText = "SELECT count(*) FROM grain_state WHERE grain_type = $type AND json_extract(state_json, '$.' || $property) = 1";
        command.Parameters.AddWithValue("$type", grainType);
        command.Parameters.AddWithValue("$property", property);
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyDictionary<string, string>> ReadManyAsync(string grainType, IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(grainType);
        ArgumentNullException.ThrowIfNull(keys);
        var states = new Dictionary<string, string>(keys.Count, StringComparer.Ordinal);
        if (keys.Count == 0) return states;
        await using var connection = await OpenReaderAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // The keys as one JSON array parameter: one statement whatever their number (no 999-variable limit).
        command.CommandText = """
            SELECT grain_key, state_json FROM grain_state
            WHERE grain_type = $type AND grain_key IN (SELECT value FROM json_each($keys))
            """;
        command.Parameters.AddWithValue("$type", grainType);
        command.Parameters.AddWithValue("$keys", System.Text.Json.JsonSerializer.Serialize(keys));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) states[reader.GetString(0)] = reader.GetString(1);
        return states;
    }

    public Task<string> WriteAsync(string grainType, string key, string json, string? expectedEtag, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(grainType);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(json);
        var newEtag = NewEtag();
        return RunWriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = expectedEtag is null
                ? """
                  INSERT INTO grain_state (grain_type, grain_key, state_json, etag, updated_at)
                  VALUES ($type, $key, $json, $etag, $now)
                  ON CONFLICT (grain_type, grain_key) DO NOTHING
                  """
                : """
                  UPDATE grain_state SET state_json = $json, etag = $etag, updated_at = $now
                  WHERE grain_type = $type AND grain_key = $key AND etag = $expected
                  """;
            command.Parameters.AddWithValue("$type", grainType);
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$json", json);
            command.Parameters.AddWithValue("$etag", newEtag);
            command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            if (expectedEtag is not null)
                command.Parameters.AddWithValue("$expected", expectedEtag);
            if (command.ExecuteNonQuery() != 1)
                throw new InconsistentStateException(grainType, key, ReadEtag(connection, grainType, key), expectedEtag);
            return newEtag;
        }, ct);
    }

    public Task ClearAsync(string grainType, string key, string? expectedEtag, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(grainType);
        ArgumentNullException.ThrowIfNull(key);
        return RunWriteAsync(connection =>
        {
            using var tx = connection.BeginTransaction(deferred: false);
            var stored = ReadEtag(connection, grainType, key, tx);
            if (stored != expectedEtag)
                throw new InconsistentStateException(grainType, key, stored, expectedEtag);
            if (stored is not null)
            {
                using var command = connection.CreateCommand();
                command.Transaction = tx;
                command.CommandText = "DELETE FROM grain_state WHERE grain_type = $type AND grain_key = $key";
                command.Parameters.AddWithValue("$type", grainType);
                command.Parameters.AddWithValue("$key", key);
                command.ExecuteNonQuery();
            }
            tx.Commit();
            return true;
        }, ct);
    }

    /// <summary>All of <paramref name="writes"/> in one transaction (one commit for many grains); conflicts are reported, not thrown.</summary>
    public Task<IReadOnlyList<GrainStateWriteOutcome>> WriteManyAsync(IReadOnlyList<GrainStateWrite> writes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count == 0) return Task.FromResult<IReadOnlyList<GrainStateWriteOutcome>>([]);
        var now = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        return RunWriteAsync<IReadOnlyList<GrainStateWriteOutcome>>(connection =>
        {
            var outcomes = new GrainStateWriteOutcome[writes.Count];
            using var tx = connection.BeginTransaction(deferred: false);
            using var insert = Command(connection, tx, """
                INSERT INTO grain_state (grain_type, grain_key, state_json, etag, updated_at)
                VALUES ($type, $key, $json, $etag, $now)
                ON CONFLICT (grain_type, grain_key) DO NOTHING
                """);
            using var update = Command(connection, tx, """
                UPDATE grain_state SET state_json = $json, etag = $etag, updated_at = $now
                WHERE grain_type = $type AND grain_key = $key AND etag = $expected
                """);
            using var delete = Command(connection, tx, "DELETE FROM grain_state WHERE grain_type = $type AND grain_key = $key AND etag = $expected");
            for (var i = 0; i < writes.Count; i++)
            {
                var w = writes[i];
                SqliteCommand command;
                string? etag = null;
                if (w.Json is null)
                {
                    if (w.ExpectedEtag is null)
                    {
                        // Clearing "no row": fine when there is none.
                        var stored = ReadEtag(connection, w.GrainType, w.Key, tx);
                        outcomes[i] = stored is null ? new(null, null) : new(null, new InconsistentStateException(w.GrainType, w.Key, stored, null));
                        continue;
                    }
                    command = delete;
                }
                else
                {
                    command = w.ExpectedEtag is null ? insert : update;
                    etag = NewEtag();
                }
                command.Parameters.Clear();
                command.Parameters.AddWithValue("$type", w.GrainType);
                command.Parameters.AddWithValue("$key", w.Key);
                if (w.Json is not null)
                {
                    command.Parameters.AddWithValue("$json", w.Json);
                    command.Parameters.AddWithValue("$etag", etag);
                    command.Parameters.AddWithValue("$now", now);
                }
                if (w.ExpectedEtag is not null) command.Parameters.AddWithValue("$expected", w.ExpectedEtag);
                outcomes[i] = command.ExecuteNonQuery() == 1
                    ? new(etag, null)
                    : new(null, new InconsistentStateException(w.GrainType, w.Key, ReadEtag(connection, w.GrainType, w.Key, tx), w.ExpectedEtag));
            }
            tx.Commit();
            return outcomes;
        }, ct);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    private static string? ReadEtag(SqliteConnection connection, string grainType, string key, SqliteTransaction? tx = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT etag FROM grain_state WHERE grain_type = $type AND grain_key = $key";
        command.Parameters.AddWithValue("$type", grainType);
        command.Parameters.AddWithValue("$key", key);
        return (string?)command.ExecuteScalar();
    }

    private static string NewEtag() => Guid.NewGuid().ToString("N");
}
