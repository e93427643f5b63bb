namespace Twin.Storage;

/// <summary>
/// A stored API key: never the key itself, only its id (the public part of the key) and a
/// PBKDF2 hash of its secret (<see cref="Twin.Core.Access.ApiKeySecret"/>).
/// </summary>
public sealed record ApiKeyRow(
    string KeyId,
    string Name,
    string Role,
    string SecretHash,
    string Salt,
    int Iterations,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    public bool IsActive => RevokedAt is null;
}

/// <summary>API keys, in the same database as the cells so every silo of a cluster sees the same keys.</summary>
public interface IApiKeyStore
{
    /// <summary>Adds a key; false when its id is taken (ids are random, so only a caller's mistake).</summary>
    Task<bool> AddApiKeyAsync(ApiKeyRow key, CancellationToken ct = default);

    Task<ApiKeyRow?> FindApiKeyAsync(string keyId, CancellationToken ct = default);

    /// <summary>Every key, revoked ones included, oldest first.</summary>
    Task<IReadOnlyList<ApiKeyRow>> ListApiKeysAsync(CancellationToken ct = default);

    /// <summary>Marks the key revoked; false when there is no such key or it was already revoked.</summary>
    Task<bool> RevokeApiKeyAsync(string keyId, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>How many keys are not revoked: with none, the server is open (and loopback only).</summary>
    Task<int> CountActiveApiKeysAsync(CancellationToken ct = default);
}

public static class ApiKeyStoreExtensions
{
    public const int MaxNameLength = 100;

    /// <summary>The field at fault and what to send instead, or null when the name and role are good.</summary>
    public static (string Field, string Detail)? ValidateNewKey(string? name, string? role)
    {
        if (string.IsNullOrWhiteSpace(name)) return ("name", "Give the key a name that says who or what uses it, e.g. \"cycler-room-3\".");
        if (name.Trim().Length > MaxNameLength || name.Any(char.IsControl)) return ("name", $"The name must be at most {MaxNameLength} printable characters.");
        if (!Twin.Core.Access.TwinRoles.TryParse(role, out _)) return ("role", "The role must be reader, writer or admin.");
        return null;
    }

    /// <summary>
    /// Creates and stores a key (for the API and `twin keys create`); returns the row and the key
    /// text, which exists nowhere else afterwards. Validate with <see cref="ValidateNewKey"/> first.
    /// </summary>
    public static async Task<(ApiKeyRow Row, string Key)> CreateApiKeyAsync(this IApiKeyStore store, string name, string role, TimeProvider time, CancellationToken ct = default)
    {
        if (ValidateNewKey(name, role) is { } error) throw new ArgumentException(error.Detail, error.Field);
        Twin.Core.Access.TwinRoles.TryParse(role, out var parsed);
        // Whole milliseconds: PostgreSQL keeps microseconds, so the row reads back as written on both stores.
        var now = time.GetUtcNow();
        var created = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        while (true)
        {
            var (key, id, hash, salt) = Twin.Core.Access.ApiKeySecret.Create();
            var row = new ApiKeyRow(id, name.Trim(), Twin.Core.Access.TwinRoles.Name(parsed), hash, salt, Twin.Core.Access.ApiKeySecret.Iterations, created, null);
            if (await store.AddApiKeyAsync(row, ct).ConfigureAwait(false)) return (row, key);
        }
    }
}
