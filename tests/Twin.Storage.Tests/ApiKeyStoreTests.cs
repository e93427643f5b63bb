namespace Twin.Storage.Tests;

public abstract class ApiKeyStoreTests<TDatabase> where TDatabase : ITestDatabase, new()
{
    [Fact]
    public async Task AKeyIsStoredAsAHashFoundByIdListedAndRevokedOnce()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        Assert.Equal(0, await store.CountActiveApiKeysAsync());

        var (row, key) = await store.CreateApiKeyAsync(" cycler-room-3 ", "Writer", TimeProvider.System);
        var (other, _) = await store.CreateApiKeyAsync("dashboard", "reader", TimeProvider.System);

        var found = await store.FindApiKeyAsync(row.KeyId);
        Assert.NotNull(found);
        Assert.Equal(("cycler-room-3", "writer", row.SecretHash, row.Salt), (found.Name, found.Role, found.SecretHash, found.Salt));
        Assert.Equal(row.CreatedAt, found.CreatedAt);
        Assert.True(found.IsActive);
        Assert.DoesNotContain(key.Split('_', 3)[2], found.SecretHash); // the secret itself is nowhere in the row
        Assert.Equal(new[] { row.KeyId, other.KeyId }.Order(), (await store.ListApiKeysAsync()).Select(k => k.KeyId).Order());
        Assert.Equal(2, await store.CountActiveApiKeysAsync());

        var at = DateTimeOffset.UtcNow;
        Assert.True(await store.RevokeApiKeyAsync(row.KeyId, at));
        Assert.False(await store.RevokeApiKeyAsync(row.KeyId, at.AddSeconds(1)));
        Assert.False(await store.RevokeApiKeyAsync("nosuchkey000", at));
        Assert.False((await store.FindApiKeyAsync(row.KeyId))!.IsActive);
        Assert.Equal(1, await store.CountActiveApiKeysAsync());
        Assert.Null(await store.FindApiKeyAsync("' OR 1=1 --"));
    }

    [Fact]
    public async Task AStoreOpenedByAnotherNodeSeesTheSameKeys()
    {
        await using var db = new TDatabase();
        await using var first = await db.OpenAsync();
        await using var second = await db.OpenAsync();
        var (row, _) = await first.CreateApiKeyAsync("ops", "admin", TimeProvider.System);
        Assert.Equal("admin", (await second.FindApiKeyAsync(row.KeyId))?.Role);
    }

    [Theory]
    [InlineData("", "reader", "name")]
    [InlineData("ops", "root", "role")]
    [InlineData("bad\nname", "reader", "name")]
    public void ABadNameOrRoleIsNamed(string name, string role, string field) =>
        Assert.Equal(field, ApiKeyStoreExtensions.ValidateNewKey(name, role)?.Field);
}

public sealed class SqliteApiKeyStoreTests : ApiKeyStoreTests<SqliteDatabase>;

public sealed class PostgresApiKeyStoreTests : ApiKeyStoreTests<PostgresDatabase>;
