using System.Diagnostics;
using System.Text.Json;
using Twin.Actors.Cells;
using Twin.Core.Designs;
using Twin.Core.WhatIf;
using Twin.Ml.Prediction;
using Twin.Storage;
using Twin.Storage.Sqlite;

namespace Twin.Benchmarks.Forecasting;

/// <summary>
/// Issue "what-if" targets, on a real SQLite store in a temp folder and the shipped model:
/// - a what-if over N registered cells (default 1,000,000; half with a stored twin fit, 24
///   distinct designs): reading the cells and their twin states in bulk, one batched ONNX Runtime
///   call per distinct design, the per-cell maths and the fleet Monte Carlo — against the time of
///   reading the same cell rows alone from the store, in the same run (target ≤ 5 s end to end);
/// - a sweep of 10,000 design points (target ≤ 1 s).
/// Medians of 3 runs each.
/// </summary>
public static class WhatIfMeasure
{
    public static async Task RunAsync(TextWriter output, string repo, int registered = 1_000_000)
    {
        // TWIN_WHATIF_KEEP=DIR keeps the seeded store in DIR and reuses it on the next run (seeding a million cells takes minutes).
        var keep = Environment.GetEnvironmentVariable("TWIN_WHATIF_KEEP");
        var dir = keep is { Length: > 0 } ? Directory.CreateDirectory(keep).FullName : Directory.CreateTempSubdirectory("twin-whatif-").FullName;
        var seeded = File.Exists(Path.Combine(dir, "twin.db"));
        try
        {
            await using var store = await SqliteStore.OpenAsync(Path.Combine(dir, "twin.db"));
            var designs = (from c in new[] { "none", "Al2O3", "TiO2", "ZnO" }
                           from t in new double?[] { 1, 2, 5 }
                           from e in new[] { "LiPF6 in EC/DEC", "LiTFSI in DOL/DME" }
                           select new CellDesign("NMC622", c, null, c == "none" ? null : t, null, e, null, null, 1, 25)).Distinct().ToArray();
            var clock = Stopwatch.StartNew();
            var now = DateTimeOffset.UtcNow;
            var tags = new Dictionary<string, string> { ["fleet"] = "bench" };
            if (!seeded) await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var i = w; i < registered; i += 4)
                    await store.UpsertCellAsync(new CellRow(Id(i), designs[i % designs.Length], tags, 2.0, now, now));
            })));
            var stateJson = JsonSerializer.Serialize(new CellTwinState { Eol80 = 900, Exponent = 1.2, EolP50 = 900, EolLo90 = 700, EolHi90 = 1150, ModelVersion = "bench", FittedAt = now, Stale = false },
                new JsonSerializerOptions(JsonSerializerDefaults.Web));
            for (var i = 0; i < registered && !seeded; i += 2 * 512)
                await store.WriteManyAsync(Enumerable.Range(0, 512).Select(k => i + 2 * k).Where(k => k < registered)
                    .Select(k => new GrainStateWrite(StoredCellTwins.GrainType, Id(k), stateJson, null)).ToList());
            output.WriteLine($"set up {registered:N0} cells ({designs.Length} designs, half with a fitted twin) in {clock.Elapsed.TotalSeconds:0} s");

            using var model = DesignForecaster.Load(Path.Combine(repo, "models"), "twin-design");
            var evidence = EvidenceIndex.Load(Path.Combine(repo, "training-data", "literature", "coatings.csv"), model.Card.KnownCoatings);
            var filter = new CellQuery(Tags: tags);
            var change = new DesignChange(Coating: "alucone", CoatingThicknessNm: 5);

            var read = Median(3, async () =>
            {
                var query = filter with { Limit = CellQuery.MaxLimit, WithTags = false };
                for (var n = 0; ;)
                {
                    var page = await store.ListCellsAsync(query);
                    n += page.Count;
                    if (page.Count < CellQuery.MaxLimit) return n;
                    query = query with { AfterCellId = page[^1].CellId };
                }
            });
            var select = Median(3, async () => (await StoredFleet.ReadAsync(store, store, filter, null, 2_000_000, CancellationToken.None)).Count);
            var selected = await StoredFleet.ReadAsync(store, store, filter, null, 2_000_000, CancellationToken.None);
            var maths = Median(3, () => Task.FromResult(FleetWhatIf.Run(selected, change, d => model.Predict(d, evidence), seed: 1).Cells.Count));
            output.WriteLine($"  of which: cells with their twin states read in bulk {select:0.00} s, model calls and maths {maths:0.00} s");
            WhatIfResult? result = null;
            var whatIf = Median(3, async () =>
            {
                var cells = await StoredFleet.ReadAsync(store, store, filter, null, 2_000_000, CancellationToken.None);
                result = FleetWhatIf.Run(cells, change, d => model.Predict(d, evidence), seed: 1);
                return cells.Count;
            });
            output.WriteLine($"reading {registered:N0} cell rows from the store: {read:0.00} s (reference)");
            output.WriteLine($"what-if over {registered:N0} cells end to end: {whatIf:0.00} s = {whatIf / read:0.00} x the read (target <= 5 s); {result!.Summary.Calibrated:N0} calibrated, P(median longer) {result.Summary.ProbabilityMedianLonger:0.00}");

            var basis = designs[0];
            var grid = new SweepGrid(
                Coatings: ["Al2O3", "TiO2", "ZnO", "alucone", "LiNbO3", "Li3PO4", "ZrO2", "HfO2", "MgO", "AlF3"],
                Thicknesses: Enumerable.Range(1, 20).Select(t => t * 0.5).ToArray(),
                Electrolytes: ["LiPF6 in EC/DEC", "LiTFSI in DOL/DME", "LiPF6 in EC/EMC", "Li6PS5Cl", "LLZO"],
                Temperatures: [15, 25, 35, 45, 55, 60, 25.5, 30, 40, 50]);
            var points = grid.Expand(basis);
            var sweep = Median(3, () => Task.FromResult(DesignSweep.Run(basis, points, d => model.Predict(d, evidence), d => evidence.For(d, 0)).Points.Count));
            output.WriteLine($"sweep of {points.Count:N0} design points: {sweep:0.000} s (target <= 1 s)");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (keep is not { Length: > 0 }) Directory.Delete(dir, recursive: true);
        }
    }

    static double Median(int runs, Func<Task<int>> work)
    {
        var times = new double[runs];
        for (var r = 0; r < runs; r++)
        {
            var t = Stopwatch.GetTimestamp();
            work().GetAwaiter().GetResult();
            times[r] = Stopwatch.GetElapsedTime(t).TotalSeconds;
        }
        Array.Sort(times);
        return times[runs / 2];
    }

    static string Id(int i) => $"cell-{i:0000000}";
}
