using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Twin.Core.Cycles;
using Twin.Core.Designs;
using Twin.Storage;
using Twin.Storage.Sqlite;

namespace Twin.Benchmarks.Storage;

/// <summary>
/// The two ways of writing the same cycle rows into a fresh database (WAL,
/// synchronous=NORMAL, cells registered): <see cref="ICycleStore.AppendAsync"/> in batches,
/// and a raw prepared INSERT loop in one transaction, the best SQLite can do from .NET.
/// </summary>
public static class CycleIngestion
{
    public static IReadOnlyList<CycleRecord> Rows(int cells, int cyclesPerCell)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var rows = new List<CycleRecord>(cells * cyclesPerCell);
        for (var c = 0; c < cells; c++)
        {
            for (var n = 1; n <= cyclesPerCell; n++)
                rows.Add(new CycleRecord($"cell-{c:0000}", n, 0.2 - n * 1e-5, 0.2, 0.74, 25, 0.03, start.AddHours(n)));
        }
        return rows;
    }

    /// <summary>A fresh store in a new directory with every cell of <paramref name="rows"/> registered.</summary>
    public static async Task<SqliteStore> FreshStoreAsync(string directory, IReadOnlyList<CycleRecord> rows)
    {
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
        var store = await SqliteStore.OpenAsync(Path.Combine(directory, "bench.db"));
        var design = new CellDesign("NMC811", "Al2O3", "oxide", 2, "ALD", "LP30", "carbonate", 200, 0.5, 25);
        foreach (var id in rows.Select(r => r.CellId).Distinct())
            await store.UpsertCellAsync(new CellRow(id, design, new Dictionary<string, string>(), 0.2, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));
        return store;
    }

    public static async Task AppendInBatchesAsync(SqliteStore store, IReadOnlyList<CycleRecord> rows, int batchSize)
    {
        for (var i = 0; i < rows.Count; i += batchSize)
        {
            var batch = rows is List<CycleRecord> list ? list.GetRange(i, Math.Min(batchSize, rows.Count - i)) : rows.Skip(i).Take(batchSize).ToList();
            var result = await store.AppendAsync(batch, AppendMode.AllOrNothing);
            if (result.Inserted != batch.Count)
                throw new InvalidOperationException($"Expected {batch.Count} inserted, got {result}.");
        }
    }

    /// <summary>One transaction, one prepared INSERT, parameters rebound per row: the raw baseline.</summary>
    public static void RawInsertLoop(string databasePath, IReadOnlyList<CycleRecord> rows)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16384;";
            pragma.ExecuteNonQuery();
        }
        using var tx = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO cycles (cell_id, cycle, discharge_capacity_ah, charge_capacity_ah, energy_wh,
                                temperature_c, internal_resistance_ohm, timestamp_utc_ticks)
            VALUES ($cell, $cycle, $discharge, $charge, $energy, $temperature, $resistance, $ticks)
            """;
        var cell = insert.Parameters.Add("$cell", SqliteType.Text);
        var cycle = insert.Parameters.Add("$cycle", SqliteType.Integer);
        var discharge = insert.Parameters.Add("$discharge", SqliteType.Real);
        var charge = insert.Parameters.Add("$charge", SqliteType.Real);
        var energy = insert.Parameters.Add("$energy", SqliteType.Real);
        var temperature = insert.Parameters.Add("$temperature", SqliteType.Real);
        var resistance = insert.Parameters.Add("$resistance", SqliteType.Real);
        var ticks = insert.Parameters.Add("$ticks", SqliteType.Integer);
        insert.Prepare();
        foreach (var row in rows)
        {
            cell.Value = row.CellId;
            cycle.Value = row.Cycle;
            discharge.Value = row.DischargeCapacityAh;
            charge.Value = (object?)row.ChargeCapacityAh ?? DBNull.Value;
            energy.Value = (object?)row.EnergyWh ?? DBNull.Value;
            temperature.Value = (object?)row.TemperatureC ?? DBNull.Value;
            resistance.Value = (object?)row.InternalResistanceOhm ?? DBNull.Value;
            ticks.Value = row.Timestamp is { } t ? t.UtcTicks : DBNull.Value;
            insert.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>
    /// Measures both paths <paramref name="rounds"/> times on fresh databases and prints
    /// records/s (best round) and the ratio. For a quick figure without BenchmarkDotNet.
    /// </summary>
    public static async Task MeasureAsync(TextWriter output, int cells = 100, int cyclesPerCell = 1000, int batchSize = 10_000, int rounds = 5)
    {
        var rows = Rows(cells, cyclesPerCell);
        var directory = Path.Combine(Path.GetTempPath(), "twin-bench-ingest");
        double bestAppend = 0, bestRaw = 0;
        for (var round = 0; round < rounds; round++)
        {
            await using (var store = await FreshStoreAsync(directory, rows))
            {
                var watch = Stopwatch.StartNew();
                await AppendInBatchesAsync(store, rows, batchSize);
                bestAppend = Math.Max(bestAppend, rows.Count / watch.Elapsed.TotalSeconds);
            }

            string path;
            await using (var store = await FreshStoreAsync(directory, rows))
                path = store.DataSource;
            var raw = Stopwatch.StartNew();
            RawInsertLoop(path, rows);
            bestRaw = Math.Max(bestRaw, rows.Count / raw.Elapsed.TotalSeconds);
        }
        Directory.Delete(directory, recursive: true);
        output.WriteLine($"cycle ingestion, {cells} cells x {cyclesPerCell} cycles, AppendAsync batches of {batchSize}, best of {rounds}:");
        output.WriteLine($"  AppendAsync      {bestAppend,12:N0} records/s");
        output.WriteLine($"  raw insert loop  {bestRaw,12:N0} records/s");
        output.WriteLine($"  ratio            {bestAppend / bestRaw,12:F2}");
    }
}
