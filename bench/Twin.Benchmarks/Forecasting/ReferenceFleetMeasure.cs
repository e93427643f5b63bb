using System.Diagnostics;
using Twin.Core.Fleet;
using Twin.Core.Twins;

namespace Twin.Benchmarks.Forecasting;

/// <summary>
/// `measure fleet`: fitting the fleet level on N synthetic reference cells (knee-shaped, a charge-rate
/// column that sets the life) and forecasting M cells cut at 20–80% of life against it. Targets
/// (issue 7): 1,000 references ≤ 10 s, 10,000 forecasts ≤ 2 s, on 2 cores. Medians of 3 runs; beside the wall
/// time, the process's CPU time over 2 (what the wall time would be on 2 idle cores), since the shared machine's
/// load moves the wall time by a factor of several.
/// </summary>
internal static class ReferenceFleetMeasure
{
    public static void Run(TextWriter output, int references = 1000, int forecasts = 10_000)
    {
        var rng = new Random(1);
        var cells = Enumerable.Range(0, references).Select(i => Cell($"r{i}", rng, full: true)).ToArray();
        var queries = Enumerable.Range(0, forecasts).Select(i => Cell($"q{i}", rng, full: false)).ToArray();
        FleetModel? fleet = null;
        var fit = Median(() => fleet = ReferenceFleet.Fit(cells, EolThreshold.Default));
        var forecast = Median(() => Parallel.ForEach(queries, q => fleet!.Forecast(q.Metadata, q.History, EolThreshold.Default)));
        output.WriteLine($"fleet fit, {references} reference cells: {fit.Wall.TotalSeconds:0.00} s wall, {fit.Cpu.TotalSeconds / 2:0.00} s CPU/2 (target ≤ 10 s)");
        output.WriteLine($"{forecasts} forecasts against it: {forecast.Wall.TotalSeconds:0.00} s wall, {forecast.Cpu.TotalSeconds / 2:0.00} s CPU/2 (target ≤ 2 s), {forecast.Cpu.TotalMilliseconds * 1000 / forecasts:0} µs CPU each");
    }

    static FleetCell Cell(string id, Random rng, bool full)
    {
        var rate = 1 + rng.Next(3) * 0.5;
        var life = 1000 / rate * (0.9 + 0.2 * rng.NextDouble());
        var upTo = full ? (int)(1.05 * life) : (int)((0.2 + 0.6 * rng.NextDouble()) * life);
        var history = Enumerable.Range(1, upTo).Select(n => new CycleReading(n, 1.1 * (Knee(n / life) + 0.002 * (rng.NextDouble() - 0.5)))).ToArray();
        return new FleetCell(id, new Dictionary<string, string?> { ["charge_C"] = rate.ToString(System.Globalization.CultureInfo.InvariantCulture) }, history);
    }

    static double Knee(double x) => x <= 0.6 ? 1 - 0.05 * x / 0.6 : 0.95 - 0.15 * Math.Pow((x - 0.6) / 0.4, 2);

    static (TimeSpan Wall, TimeSpan Cpu) Median(Action action)
    {
        var times = new List<(TimeSpan Wall, TimeSpan Cpu)>();
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < 3; i++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            action();
            process.Refresh();
            times.Add((sw.Elapsed, process.TotalProcessorTime - cpu));
        }
        return (times.Select(t => t.Wall).Order().ElementAt(1), times.Select(t => t.Cpu).Order().ElementAt(1));
    }
}
