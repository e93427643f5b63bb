using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Twin.Core.Access;

/// <summary>
/// API keys as the user sees them: <c>twin_&lt;id&gt;_&lt;secret&gt;</c>. The id (12 hex digits) is
/// stored in clear so a key is found with one lookup; the secret (32 random bytes, base64url) is
/// stored only as a PBKDF2-HMAC-SHA256 hash with its own salt, so a copy of the database gives
/// no usable key. Verification compares in constant time.
/// </summary>
public static class ApiKeySecret
{
    public const string Prefix = "twin_";
    /// <summary>PBKDF2 work factor for new keys; stored per key so it can be raised later.</summary>
    public const int Iterations = 100_000;
    const int IdBytes = 6, SecretBytes = 32, SaltBytes = 16, HashBytes = 32;

    /// <summary>A new random key: the text to show once, and what to store.</summary>
    public static (string Key, string KeyId, string SecretHash, string Salt) Create()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdBytes));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return ($"{Prefix}{id}_{secret}", id, Convert.ToBase64String(Hash(secret, salt, Iterations)), Convert.ToBase64String(salt));
    }

    /// <summary>Splits a presented key into id and secret; false for anything not shaped like a Twin key.</summary>
    public static bool TryParse(string? key, [NotNullWhen(true)] out string? keyId, [NotNullWhen(true)] out string? secret)
    {
        keyId = secret = null;
        if (key is null || key.Length > 128 || !key.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var rest = key.AsSpan(Prefix.Length);
        var sep = rest.IndexOf('_');
        if (sep != IdBytes * 2 || rest.Length - sep - 1 < 16)
            return false;
        foreach (var c in rest[..sep])
            if (!char.IsAsciiHexDigitLower(c)) return false;
        foreach (var c in rest[(sep + 1)..])
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return false;
        keyId = rest[..sep].ToString();
        secret = rest[(sep + 1)..].ToString();
        return true;
    }

    /// <summary>Whether <paramref name="secret"/> hashes to the stored hash (constant-time comparison).</summary>
    public static bool Verify(string secret, string storedHash, string storedSalt, int iterations)
    {
        byte[] expected, salt;
        try
        {
            expected = Convert.FromBase64String(storedHash);
            salt = Convert.FromBase64String(storedSalt);
        }
        catch (FormatException)
        {
            return false;
        }
        return iterations > 0 && CryptographicOperations.FixedTimeEquals(Hash(secret, salt, iterations), expected);
    }

    static byte[] Hash(string secret, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, HashBytes);

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
