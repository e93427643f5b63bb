using System.Diagnostics;
using Twin.Core.Cycles;
using Twin.Core.Designs;
using Twin.Core.Fade;
using Twin.Storage;
using Twin.Storage.Sqlite;

namespace Twin.Benchmarks.Storage;

/// <summary>
/// A SQLite store (<c>{dir}/twin.db</c>, what the server opens with Twin:DataDirectory = dir)
/// holding N cells for the retraining benchmark (bench/retrain.sh): 12 fleets (coating ×
/// electrolyte × C-rate on NMC622), each cell's life drawn around its fleet's median (log-normal,
/// σ 0.15) on the fade law SOH = 1 − 0.2 (n / EOL)^1.3 with measurement noise; 60% run past end of
/// life (finished), the others stopped at 20–90% of it (running, censored). A capacity point
/// every 20 cycles, like check-ups.
/// </summary>
public static class RetrainStoreSeed
{
    public static async Task RunAsync(TextWriter output, string dir, int cells)
    {
        Directory.CreateDirectory(dir);
        await using var store = await SqliteStore.OpenAsync(Path.Combine(dir, "twin.db"));
        var fleets = (from c in new[] { ("none", 1.0), ("Al2O3", 1.5), ("TiO2", 1.25) }
                      from e in new[] { ("LiPF6 in EC/DEC", 1.0), ("LiTFSI in DOL/DME", 1.2) }
                      from r in new[] { 0.5, 1.0 }
                      select (Design: new CellDesign("NMC622", c.Item1, null, c.Item1 == "none" ? null : 2, c.Item1 == "none" ? null : "ALD", e.Item1, null, null, r, 25),
                              MedianEol: 600 * c.Item2 * e.Item2 / Math.Sqrt(r))).ToArray();
        var random = new Random(42);
        var clock = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var rows = new List<CycleRecord>();
        long stored = 0;
        for (var i = 0; i < cells; i++)
        {
            var fleet = fleets[i % fleets.Length];
            var id = $"syn-{i:D6}";
            var eol = fleet.MedianEol * Math.Exp(0.15 * Normal(random));
            var law = new FadeLaw(eol, 1.3);
            var last = random.NextDouble() < 0.6 ? eol * 1.1 : eol * (0.2 + 0.7 * random.NextDouble());
            await store.UpsertCellAsync(new CellRow(id, fleet.Design, new Dictionary<string, string> { ["fleet"] = $"f{i % fleets.Length}" }, 2.0, now, now));
            for (var n = 1; n <= last; n += n < 20 ? 1 : 20)
                rows.Add(new CycleRecord(id, n, Math.Round(2.0 * (law.Soh(n) + 0.002 * Normal(random)), 5)));
            if (rows.Count >= 50_000 || i == cells - 1)
            {
                await store.AppendAsync(rows, AppendMode.AllOrNothing);
                stored += rows.Count;
                rows.Clear();
            }
        }
        output.WriteLine($"seeded {cells:N0} cells in {fleets.Length} fleets with {stored:N0} capacity points into {dir}/twin.db in {clock.Elapsed.TotalSeconds:0} s");
    }

    static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
