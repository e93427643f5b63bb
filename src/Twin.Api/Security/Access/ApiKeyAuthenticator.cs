using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Twin.Core.Access;
using Twin.Storage;

namespace Twin.Api.Security.Access;

/// <summary>The key a request was let in with (or none, when the server has no keys).</summary>
public sealed record ApiKeyIdentity(string KeyId, string Name, TwinRole Role);

/// <summary>
/// Checks presented keys against the store. Each silo remembers a verdict (accepted with its
/// role, or refused) for <see cref="CacheFor"/>, so a busy client costs one PBKDF2 per key per
/// 10 s, not one per request, and a revoked key stops working on every silo within 10 s.
/// </summary>
public sealed class ApiKeyAuthenticator(IApiKeyStore store, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);
    const int MaxCachedVerdicts = 10_000;

    readonly ConcurrentDictionary<string, (ApiKeyIdentity? Identity, DateTimeOffset Until)> _verdicts = new(StringComparer.Ordinal);
    (int Count, DateTimeOffset Until) _active = (0, DateTimeOffset.MinValue);

    /// <summary>How many keys are active (cached like the verdicts): with none, the server runs open on loopback.</summary>
    public async ValueTask<int> ActiveKeysAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var active = _active;
        if (now < active.Until) return active.Count;
        var count = await store.CountActiveApiKeysAsync(ct);
        _active = (count, now + CacheFor);
        return count;
    }

    /// <summary>The identity of a valid, unrevoked key; null for anything else.</summary>
    public async ValueTask<ApiKeyIdentity?> AuthenticateAsync(string presented, CancellationToken ct)
    {
        // The cache is keyed by a digest of the whole key, never by the key itself.
        var digest = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
        var now = time.GetUtcNow();
        if (_verdicts.TryGetValue(digest, out var cached) && now < cached.Until) return cached.Identity;

        ApiKeyIdentity? identity = null;
        if (ApiKeySecret.TryParse(presented, out var keyId, out var secret)
            && await store.FindApiKeyAsync(keyId, ct) is { IsActive: true } row
            && TwinRoles.TryParse(row.Role, out var role)
            && ApiKeySecret.Verify(secret, row.SecretHash, row.Salt, row.Iterations))
            identity = new ApiKeyIdentity(row.KeyId, row.Name, role);

        if (_verdicts.Count >= MaxCachedVerdicts) _verdicts.Clear(); // a flood of made-up keys must not grow memory
        _verdicts[digest] = (identity, now + CacheFor);
        return identity;
    }

    /// <summary>Forgets every verdict (after this silo created or revoked a key).</summary>
    public void Forget()
    {
        _verdicts.Clear();
        _active = (0, DateTimeOffset.MinValue);
    }
}
