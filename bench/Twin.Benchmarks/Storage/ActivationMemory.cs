using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Twin.Actors.Hosting;

namespace Twin.Benchmarks.Storage;

/// <summary>A grain about the size of a small twin: a few numbers, no persistent state.</summary>
public sealed class TinyGrain(string key) : IGrainBase
{
    public string Key { get; } = key;
    public int Calls { get; private set; }
    public double Soh { get; private set; } = 1;

    public ValueTask<int> TouchAsync()
    {
        Calls++;
        Soh -= 1e-5;
        return ValueTask.FromResult(Calls);
    }
}

/// <summary>
/// Retained bytes per live activation: GC.GetTotalMemory before and after activating
/// <c>count</c> grains (one call each), with the host kept alive. Includes the key string,
/// the directory entry (the keys array too, 8 bytes each), the activation with its mailbox, and the grain.
/// </summary>
public static class ActivationMemory
{
    public static async Task<double> BytesPerActivationAsync(int count = 100_000)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var keys = Enumerable.Range(0, count).Select(i => $"cell-{i:000000}").ToArray();
        var host = new GrainHost<TinyGrain>(context => new TinyGrain(context.Key));
        const int Window = 1024;
        for (var i = 0; i < count; i += Window)
        {
            var calls = new List<Task<int>>(Window);
            for (var j = i; j < Math.Min(count, i + Window); j++)
                calls.Add(host.InvokeAsync(keys[j], static (g, _) => g.TouchAsync()).AsTask());
            await Task.WhenAll(calls);
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);
        if (host.ActivationCount != count)
            throw new InvalidOperationException($"Expected {count} activations, found {host.ActivationCount}.");
        var perActivation = (after - before) / (double)count;
        await host.DisposeAsync();
        GC.KeepAlive(keys);
        return perActivation;
    }

    public static async Task MeasureAsync(TextWriter output, int count = 100_000)
    {
        var bytes = await BytesPerActivationAsync(count);
        output.WriteLine($"activations: {count:N0} live, {bytes:N0} bytes per activation retained, {bytes * count / (1 << 20):N0} MiB in all");
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
