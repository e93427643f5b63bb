using Npgsql;

namespace Twin.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string ApiKeyColumns = "key_id, name, role, secret_hash, salt, iterations, created_at, revoked_at";

    public Task<bool> AddApiKeyAsync(ApiKeyRow key, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync(async (connection, token) =>
        {
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO api_keys ({ApiKeyColumns}) VALUES (@id, @name, @role, @hash, @salt, @iterations, @created, @revoked) ON CONFLICT (key_id) DO NOTHING",
                connection);
            insert.Parameters.AddWithValue("id", key.KeyId);
            insert.Parameters.AddWithValue("name", key.Name);
            insert.Parameters.AddWithValue("role", key.Role);
            insert.Parameters.AddWithValue("hash", key.SecretHash);
            insert.Parameters.AddWithValue("salt", key.Salt);
            insert.Parameters.AddWithValue("iterations", key.Iterations);
            insert.Parameters.AddWithValue("created", key.CreatedAt.ToUniversalTime());
            insert.Parameters.AddWithValue("revoked", (object?)key.RevokedAt?.ToUniversalTime() ?? DBNull.Value);
            return await insert.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
        }, ct);
    }

    public Task<ApiKeyRow?> FindApiKeyAsync(string keyId, CancellationToken ct = default) =>
        RunAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand($"SELECT {ApiKeyColumns} FROM api_keys WHERE key_id = @id", connection);
            command.Parameters.AddWithValue("id", keyId);
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            return await reader.ReadAsync(token).ConfigureAwait(false) ? ReadApiKey(reader) : null;
        }, ct);

    public Task<IReadOnlyList<ApiKeyRow>> ListApiKeysAsync(CancellationToken ct = default) =>
        RunAsync<IReadOnlyList<ApiKeyRow>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand($"SELECT {ApiKeyColumns} FROM api_keys ORDER BY created_at, key_id", connection);
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            var keys = new List<ApiKeyRow>();
            while (await reader.ReadAsync(token).ConfigureAwait(false))
                keys.Add(ReadApiKey(reader));
            return keys;
        }, ct);

    public Task<bool> RevokeApiKeyAsync(string keyId, DateTimeOffset at, CancellationToken ct = default) =>
        RunAsync(async (connection, token) =>
        {
            await using var update = new NpgsqlCommand("UPDATE api_keys SET revoked_at = @at WHERE key_id = @id AND revoked_at IS NULL", connection);
            update.Parameters.AddWithValue("id", keyId);
            update.Parameters.AddWithValue("at", at.ToUniversalTime());
            return await update.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
        }, ct);

    public Task<int> CountActiveApiKeysAsync(CancellationToken ct = default) =>
        RunAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM api_keys WHERE revoked_at IS NULL", connection);
            return (int)(long)(await command.ExecuteScalarAsync(token).ConfigureAwait(false))!;
        }, ct);

    private static ApiKeyRow ReadApiKey(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5),
        r.GetFieldValue<DateTimeOffset>(6), r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7));
}
