using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Twin.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string ApiKeyColumns = "key_id, name, role, secret_hash, salt, iterations, created_at, revoked_at";

    public Task<bool> AddApiKeyAsync(ApiKeyRow key, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunWriteAsync(connection =>
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO api_keys ({ApiKeyColumns}) VALUES ($id, $name, $role, $hash, $salt, $iterations, $created, $revoked) ON CONFLICT (key_id) DO NOTHING";
            insert.Parameters.AddWithValue("$id", key.KeyId);
            insert.Parameters.AddWithValue("$name", key.Name);
            insert.Parameters.AddWithValue("$role", key.Role);
            insert.Parameters.AddWithValue("$hash", key.SecretHash);
            insert.Parameters.AddWithValue("$salt", key.Salt);
            insert.Parameters.AddWithValue("$iterations", key.Iterations);
            insert.Parameters.AddWithValue("$created", key.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$revoked", (object?)key.RevokedAt?.ToString("O", CultureInfo.InvariantCulture) ?? DBNull.Value);
            return insert.ExecuteNonQuery() == 1;
        }, ct);
    }

    public async Task<ApiKeyRow?> FindApiKeyAsync(string keyId, CancellationToken ct = default)
    {
        await using var connection = await OpenReaderAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ApiKeyColumns} FROM api_keys WHERE key_id = $id";
        command.Parameters.AddWithValue("$id", keyId);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadApiKey(reader) : null;
    }

    public async Task<IReadOnlyList<ApiKeyRow>> ListApiKeysAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenReaderAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ApiKeyColumns} FROM api_keys ORDER BY created_at, key_id";
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var keys = new List<ApiKeyRow>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            keys.Add(ReadApiKey(reader));
        return keys;
    }

    public Task<bool> RevokeApiKeyAsync(string keyId, DateTimeOffset at, CancellationToken ct = default) =>
        RunWriteAsync(connection =>
        {
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE api_keys SET revoked_at = $at WHERE key_id = $id AND revoked_at IS NULL";
            update.Parameters.AddWithValue("$id", keyId);
            update.Parameters.AddWithValue("$at", at.ToString("O", CultureInfo.InvariantCulture));
            return update.ExecuteNonQuery() == 1;
        }, ct);

    public async Task<int> CountActiveApiKeysAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenReaderAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM api_keys WHERE revoked_at IS NULL";
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static ApiKeyRow ReadApiKey(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5),
        DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        r.IsDBNull(7) ? null : DateTimeOffset.Parse(r.GetString(7), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
}
