using System.Diagnostics;
using Orleans;
using Twin.Actors.Cells;
using Twin.Benchmarks.Grains;
using Twin.Core.Cycles;
using Twin.Core.Designs;
using Twin.Core.Fade;
using Twin.Core.Twins;
using Twin.Ml.Prediction;
using Twin.Storage;
using Twin.Storage.Sqlite;

namespace Twin.Benchmarks.Forecasting;

/// <summary>
/// Issue "cell twins" scale targets, on a real SQLite store in a temp folder:
/// - 1M registered cells: registration rate, and a filtered page read from the 1M;
/// - 100k active twins: retained bytes of 100k live cell-grain activations in a real Orleans silo,
///   plus the extra bytes of a fitted twin (cached forecast) measured on 2,000 fitted ones,
///   extrapolated to 100k, and the process working set with all of them live;
/// - a warm forecast (cached) vs a cold one (refit from the store), through the grain.
/// </summary>
public static class TwinFleetMeasure
{
    public static async Task RunAsync(TextWriter output, string modelFolder, int registered = 1_000_000, int active = 100_000, int fitted = 2_000)
    {
        var dir = Directory.CreateTempSubdirectory("twin-fleet-").FullName;
        try
        {
            await using var store = await SqliteStore.OpenAsync(Path.Combine(dir, "twin.db"));
            var design = new CellDesign("NCA/graphite", "none", null, null, null, "LiPF6 carbonate", "liquid_carbonate", null, 1, 25, 0.5);
            var clock = Stopwatch.StartNew();
            var tags = new Dictionary<string, string> { ["fleet"] = "bench" };
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < registered; i++)
                await store.UpsertCellAsync(new CellRow(Id(i), design, tags, 3.5, now, now));
            output.WriteLine($"registered {registered:N0} cells in {clock.Elapsed.TotalSeconds:0.0} s ({registered / clock.Elapsed.TotalSeconds:N0} cells/s); database {new FileInfo(Path.Combine(dir, "twin.db")).Length / (1 << 20):N0} MiB");
            clock.Restart();
            var page = await store.ListCellsAsync(new CellQuery(Tags: tags, AfterCellId: Id(registered / 2), Limit: 100));
            output.WriteLine($"a filtered page of {page.Count} from {registered:N0} cells: {clock.Elapsed.TotalMilliseconds:0.0} ms");

            var law = new FadeLaw(800, 1.0);
            var cycles = Enumerable.Range(0, fitted).SelectMany(i => Enumerable.Range(1, 200).Select(n => new CycleRecord(Id(i), n, 3.3 * law.Soh(n)))).ToArray();
            await store.AppendAsync(cycles, AppendMode.AllOrNothing);

            using var forecaster = DesignForecaster.Load(modelFolder, "twin-design");
            var models = new SingleModelSource(forecaster);
            using var host = await BenchSilo.StartAsync(store, models);
            var grains = host.Grains();

            var before = GC.GetTotalMemory(forceFullCollection: true);
            clock.Restart();
            for (var i = 0; i < active; i += 1000)
                await Task.WhenAll(Enumerable.Range(i, Math.Min(1000, active - i)).Select(k => grains.GetGrain<ICellGrain>(Id(k)).CyclesAppendedAsync(new CyclesAppended(0, 0)).AsTask()));
            var activeBytes = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)active;
            var live = await grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount();
            output.WriteLine($"{live:N0} live activations (twins + Orleans' own) in {clock.Elapsed.TotalSeconds:0.0} s: {activeBytes:N0} bytes each retained; working set {Environment.WorkingSet / (1 << 20):N0} MiB");

            var beforeFit = GC.GetTotalMemory(forceFullCollection: true);
            clock.Restart();
            for (var i = 0; i < fitted; i += 100)
                await Task.WhenAll(Enumerable.Range(i, 100).Select(k => grains.GetGrain<ICellGrain>(Id(k)).ForecastAsync(EolThreshold.Default).AsTask()));
            var fitSeconds = clock.Elapsed.TotalSeconds;
            var fittedBytes = (GC.GetTotalMemory(forceFullCollection: true) - beforeFit) / (double)fitted;
            output.WriteLine($"{fitted:N0} twins fitted on 200 cycles each in {fitSeconds:0.0} s ({fitSeconds / fitted * 1000:0.00} ms each, cold): +{fittedBytes:N0} bytes each for the fit and cached forecast");
            var total = active * (activeBytes + fittedBytes) / (1 << 20);
            output.WriteLine($"=> {active:N0} active, fitted twins: about {total:N0} MiB resident (target <= 1024 MiB); process working set now {Environment.WorkingSet / (1 << 20):N0} MiB");

            var warm = new double[5000];
            for (var i = 0; i < warm.Length; i++)
            {
                var t = Stopwatch.GetTimestamp();
                await grains.GetGrain<ICellGrain>(Id(i % fitted)).ForecastAsync(EolThreshold.Default);
                warm[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            }
            Array.Sort(warm);
            output.WriteLine($"warm forecast through the grain (cached): p50 {warm[warm.Length / 2]:0.0} µs, p99 {warm[(int)(warm.Length * 0.99)]:0.0} µs");
            clock.Restart();
            await host.StopAsync();
            output.WriteLine($"silo stopped: all {active:N0} deactivated (state flushed) in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    static string Id(int i) => $"cell-{i:0000000}";
}
