using Twin.Core.Access;

namespace Twin.Core.Tests.Access;

public sealed class ApiKeySecretTests
{
    [Fact]
    public void ANewKeyParsesIntoItsIdAndVerifiesAgainstItsStoredHashOnly()
    {
        var (key, id, hash, salt) = ApiKeySecret.Create();

        Assert.True(ApiKeySecret.TryParse(key, out var parsedId, out var secret));
        Assert.Equal(id, parsedId);
        Assert.True(ApiKeySecret.Verify(secret, hash, salt, ApiKeySecret.Iterations));
        // The hash is not the secret, and a changed character, salt or work factor fails.
        Assert.DoesNotContain(secret, hash);
        Assert.False(ApiKeySecret.Verify(secret[..^1] + (secret[^1] == 'a' ? 'b' : 'a'), hash, salt, ApiKeySecret.Iterations));
        Assert.False(ApiKeySecret.Verify(secret, hash, ApiKeySecret.Create().Salt, ApiKeySecret.Iterations));
        Assert.False(ApiKeySecret.Verify(secret, hash, salt, ApiKeySecret.Iterations - 1));
    }

    [Fact]
    public void TwoKeysShareNeitherIdNorSecretNorSalt()
    {
        var a = ApiKeySecret.Create();
        var b = ApiKeySecret.Create();
        Assert.NotEqual(a.KeyId, b.KeyId);
        Assert.NotEqual(a.Key, b.Key);
        Assert.NotEqual(a.Salt, b.Salt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer abc")]
    [InlineData("twin_")]
    [InlineData("twin_0123456789ab")]
    [InlineData("twin_0123456789ab_short")]
    [InlineData("twin_0123456789AB_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("twin_0123456789ab_aaaaaaaaaaaaaaaa' OR 1=1 --")]
    [InlineData("twin_../../etc/pa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void AnythingNotShapedLikeATwinKeyIsRefusedBeforeAnyLookup(string? presented) =>
        Assert.False(ApiKeySecret.TryParse(presented, out _, out _));

    [Fact]
    public void ACorruptStoredHashIsARefusalNotAnException() =>
        Assert.False(ApiKeySecret.Verify("secret", "not base64!", "also not", 1000));

    [Theory]
    [InlineData("reader", TwinRole.Reader)]
    [InlineData(" Writer ", TwinRole.Writer)]
    [InlineData("ADMIN", TwinRole.Admin)]
    public void RolesParseCaseInsensitivelyAndOrderReaderBelowWriterBelowAdmin(string text, TwinRole expected)
    {
        Assert.True(TwinRoles.TryParse(text, out var role));
        Assert.Equal(expected, role);
        Assert.True(TwinRole.Reader < TwinRole.Writer && TwinRole.Writer < TwinRole.Admin);
        Assert.False(TwinRoles.TryParse("root", out _));
    }
}
