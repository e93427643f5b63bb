using Twin.Actors.Hosting;
using Twin.Storage.Sqlite;

namespace Twin.Actors.Tests;

/// <summary>A temp directory with a real SQLite store, a fake clock and a probe; one per test.</summary>
internal sealed class HostFixture : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "twin-actor-tests", Guid.NewGuid().ToString("N"));
    public string DatabasePath => Path.Combine(Directory, "twin.db");
    public FakeTimeProvider Time { get; } = new();
    public Probe Probe { get; } = new();

    public async Task<SqliteStore> OpenStoreAsync()
    {
        var store = await SqliteStore.OpenAsync(DatabasePath);
        _owned.Add(store);
        return store;
    }

    public GrainHost<CounterGrain> Host(SqliteStore store, GrainHostOptions? options = null)
    {
        var host = new GrainHost<CounterGrain>(context => new CounterGrain(context, Probe), store, options, Time);
        _owned.Insert(0, host);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
            await owned.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
