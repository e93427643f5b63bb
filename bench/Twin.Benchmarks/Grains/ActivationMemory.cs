using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Orleans;
using Twin.Storage.Sqlite;

namespace Twin.Benchmarks.Grains;

public interface ITinyGrain : IGrainWithStringKey
{
    ValueTask<int> TouchAsync();
}

/// <summary>A grain about the size of a small twin: a few numbers, no persistent state.</summary>
public sealed class TinyGrain : Grain, ITinyGrain
{
    int _calls;
    double _soh = 1;

    public ValueTask<int> TouchAsync()
    {
        _calls++;
        _soh -= 1e-5;
        return ValueTask.FromResult(_calls);
    }
}

/// <summary>
/// Retained bytes per live Orleans activation: GC.GetTotalMemory before and after activating
/// <c>count</c> grains (one call each) in a real silo. Includes Orleans' activation data, the
/// directory entry, the grain id and the grain.
/// </summary>
public static class ActivationMemory
{
    public static async Task<double> BytesPerActivationAsync(int count = 100_000)
    {
        var dir = Directory.CreateTempSubdirectory("twin-activations-").FullName;
        try
        {
            await using var store = await SqliteStore.OpenAsync(Path.Combine(dir, "twin.db"));
            using var host = await BenchSilo.StartAsync(store);
            var grains = host.Grains();
            var keys = Enumerable.Range(0, count).Select(i => $"cell-{i:000000}").ToArray();
            await grains.GetGrain<ITinyGrain>("warm-up").TouchAsync();
            var before = GC.GetTotalMemory(forceFullCollection: true);
            const int Window = 1024;
            for (var i = 0; i < count; i += Window)
                await Task.WhenAll(keys.Skip(i).Take(Window).Select(k => grains.GetGrain<ITinyGrain>(k).TouchAsync().AsTask()));
            var after = GC.GetTotalMemory(forceFullCollection: true);
            var live = await grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount();
            if (live < count)
                throw new InvalidOperationException($"Expected at least {count} activations, found {live}.");
            await host.StopAsync();
            GC.KeepAlive(keys);
            return (after - before) / (double)count;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    public static async Task MeasureAsync(TextWriter output, int count = 100_000)
    {
        var bytes = await BytesPerActivationAsync(count);
        output.WriteLine($"activations: {count:N0} live Orleans activations, {bytes:N0} bytes per activation retained, {bytes * count / (1 << 20):N0} MiB in all");
    }
}

/// <summary>`--filter *ActivationMemory*`: allocation per activation (MemoryDiagnoser), and time to activate.</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class ActivationMemoryBenchmarks
{
    private const int Count = 100_000;

    [Benchmark(OperationsPerInvoke = Count)]
    public Task<double> Activate100k() => ActivationMemory.BytesPerActivationAsync(Count);
}
