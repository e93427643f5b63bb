using Npgsql;

namespace Twin.Storage.Postgres;

public sealed partial class PostgresStore
{
    public Task<StoredGrainState> ReadAsync(string grainType, string key, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(grainType);
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(
                "SELECT state_json, etag FROM grain_state WHERE grain_type = @type AND grain_key = @key", connection);
            command.Parameters.AddWithValue("type", grainType);
            command.Parameters.AddWithValue("key", key);
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            return await reader.ReadAsync(token).ConfigureAwait(false)
                ? new StoredGrainState(reader.GetString(0), reader.GetString(1))
                : default;
        }, ct);
    }

    public Task<long> CountFlaggedAsync(string grainType, string property, CancellationToken ct = default) =>
        RunAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM grain_state WHERE grain_type = @type AND (state_json::jsonb -> @property) = 'true'::jsonb", connection);
            command.Parameters.AddWithValue("type", grainType);
            command.Parameters.AddWithValue("property", property);
            return (long)(await command.ExecuteScalarAsync(token).ConfigureAwait(false))!;
        }, ct);

    public Task<IReadOnlyDictionary<string, string>> ReadManyAsync(string grainType, IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(grainType);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0) return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
        return RunAsync<IReadOnlyDictionary<string, string>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(
                "SELECT grain_key, state_json FROM grain_state WHERE grain_type = @type AND grain_key = ANY(@keys)", connection);
            command.Parameters.AddWithValue("type", grainType);
            command.Parameters.AddWithValue("keys", keys.ToArray());
            var states = new Dictionary<string, string>(keys.Count, StringComparer.Ordinal);
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            while (await reader.ReadAsync(token).ConfigureAwait(false)) states[reader.GetString(0)] = reader.GetString(1);
            return states;
        }, ct);
    }

    public Task<string> WriteAsync(string grainType, string key, string json, string? expectedEtag, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(grainType);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(json);
        var newEtag = Guid.NewGuid().ToString("N");
        return RunAsync(async (connection, token) =>
        {
            // One statement either way: the ETag check and the write are atomic (the row lock
            // taken by the UPDATE, the unique key for the INSERT), across every silo.
            await using var command = new NpgsqlCommand(expectedEtag is null
                ? """
                  INSERT INTO grain_state (grain_type, grain_key, state_json, etag, updated_at)
                  VALUES (@type, @key, @json, @etag, @now)
                  ON CONFLICT (grain_type, grain_key) DO NOTHING
                  """
                : """
                  UPDATE grain_state SET state_json = @json, etag = @etag, updated_at = @now
                  WHERE grain_type = @type AND grain_key = @key AND etag = @expected
                  """, connection);
            var p = command.Parameters;
            p.AddWithValue("type", grainType);
            p.AddWithValue("key", key);
            p.AddWithValue("json", json);
            p.AddWithValue("etag", newEtag);
            p.AddWithValue("now", _time.GetUtcNow());
            if (expectedEtag is not null)
                p.AddWithValue("expected", expectedEtag);
            if (await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) != 1)
                throw new InconsistentStateException(grainType, key, await ReadEtagAsync(connection, grainType, key, token).ConfigureAwait(false), expectedEtag);
            return newEtag;
        }, ct);
    }

    public Task ClearAsync(string grainType, string key, string? expectedEtag, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(grainType);
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync(async (connection, token) =>
        {
            if (expectedEtag is null)
            {
                // "No row" expected: clearing nothing is a no-op, a row someone wrote is a conflict.
                var stored = await ReadEtagAsync(connection, grainType, key, token).ConfigureAwait(false);
                if (stored is not null)
                    throw new InconsistentStateException(grainType, key, stored, expectedEtag);
                return true;
            }
            await using var command = new NpgsqlCommand(
                "DELETE FROM grain_state WHERE grain_type = @type AND grain_key = @key AND etag = @expected", connection);
            command.Parameters.AddWithValue("type", grainType);
            command.Parameters.AddWithValue("key", key);
            command.Parameters.AddWithValue("expected", expectedEtag);
            if (await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) != 1)
                throw new InconsistentStateException(grainType, key, await ReadEtagAsync(connection, grainType, key, token).ConfigureAwait(false), expectedEtag);
            return true;
        }, ct);
    }

    private static async Task<string?> ReadEtagAsync(NpgsqlConnection connection, string grainType, string key, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT etag FROM grain_state WHERE grain_type = @type AND grain_key = @key", connection);
        command.Parameters.AddWithValue("type", grainType);
        command.Parameters.AddWithValue("key", key);
        return (string?)await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }
}
