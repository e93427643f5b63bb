using Twin.Storage.Sqlite;

namespace Twin.Storage.Tests;

/// <summary>
/// A fresh directory per test holding one SQLite file; deleted on dispose. For SQLite-only tests;
/// tests of behaviour both stores share take an <see cref="ITestDatabase"/> instead.
/// </summary>
internal sealed class TempDatabase : IAsyncDisposable
{
    public string Directory { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "twin-store-tests", Guid.NewGuid().ToString("N"));

    public string Path => System.IO.Path.Combine(Directory, "twin.db");

    public Task<SqliteStore> OpenAsync(SqliteStoreOptions? options = null) => SqliteStore.OpenAsync(Path, options);

    public ValueTask DisposeAsync()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; never fail a test on clean-up.
        }
        return ValueTask.CompletedTask;
    }
}
