using Twin.Storage.Sqlite;

namespace Twin.Cli.Tests;

/// <summary>`twin keys create|list|revoke` as real processes against a SQLite store.</summary>
public sealed class KeysCommandTests : IDisposable
{
    readonly string _data = Directory.CreateTempSubdirectory("twin-keys-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task CreatePrintsTheKeyOnceListShowsItWithoutTheSecretAndRevokeEndsIt()
    {
        var (code, key, err) = TwinProcess.Run("keys", "create", "--role", "writer", "--name", "cycler-3", "--data", _data);
        Assert.True(code == 0, err);
        key = key.Trim();
        Assert.StartsWith("twin_", key);
        var id = key.Split('_')[1];

        var (listed, table, _) = TwinProcess.Run("keys", "list", "--data", _data);
        Assert.Equal(0, listed);
        Assert.Contains($"{id}\tcycler-3\twriter", table);
        Assert.DoesNotContain(key, table);

        Assert.Equal(0, TwinProcess.Run("keys", "revoke", id, "--data", _data).ExitCode);
        await using var store = await SqliteStore.OpenAsync(Path.Combine(_data, "twin.db"));
        Assert.False((await store.FindApiKeyAsync(id))!.IsActive);
        var (again, _, message) = TwinProcess.Run("keys", "revoke", id, "--data", _data);
        Assert.Equal(2, again);
        Assert.Contains("no active key", message);
    }

    [Theory]
    [InlineData("root", "ops", "--role")]
    [InlineData("admin", " ", "--name")]
    public void ABadRoleOrNameIsExit2NamingTheOption(string role, string name, string option)
    {
        var (code, _, err) = TwinProcess.Run("keys", "create", "--role", role, "--name", name, "--data", _data);
        Assert.Equal(2, code);
        Assert.Contains(option, err);
        // Refused before the store is opened: nothing is created.
        Assert.False(File.Exists(Path.Combine(_data, "twin.db")));
    }
}
