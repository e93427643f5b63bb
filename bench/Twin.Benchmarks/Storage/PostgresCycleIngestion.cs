using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Twin.Core.Cycles;
using Twin.Core.Designs;
using Twin.Storage;
using Twin.Storage.Postgres;

namespace Twin.Benchmarks.Storage;

/// <summary>
/// <see cref="CycleIngestion"/> on PostgreSQL: the same rows written by
/// <see cref="ICycleStore.AppendAsync"/> in batches, and by the two fastest raw ways, binary COPY
/// and a batch of prepared single-row INSERTs per round trip, each into a fresh schema with the
/// cells registered. The server is TWIN_TEST_POSTGRES (scripts/postgres.sh).
/// </summary>
public static class PostgresCycleIngestion
{
    public static async Task MeasureAsync(TextWriter output, int cells = 100, int cyclesPerCell = 1000, int batchSize = 10_000, int rounds = 5)
    {
        var server = Environment.GetEnvironmentVariable("TWIN_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("TWIN_TEST_POSTGRES is not set: export TWIN_TEST_POSTGRES=$(bash scripts/postgres.sh twin_test)");
        var rows = CycleIngestion.Rows(cells, cyclesPerCell);
        var append = new List<double>();
        var copy = new List<double>();
        var insert = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            append.Add(await InFreshSchemaAsync(server, rows, async connectionString =>
            {
                await using var store = await PostgresStore.OpenAsync(connectionString);
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < rows.Count; i += batchSize)
                {
                    var batch = ((List<CycleRecord>)rows).GetRange(i, Math.Min(batchSize, rows.Count - i));
                    var result = await store.AppendAsync(batch, AppendMode.AllOrNothing);
                    if (result.Inserted != batch.Count)
                        throw new InvalidOperationException($"Expected {batch.Count} inserted, got {result}.");
                }
                return rows.Count / watch.Elapsed.TotalSeconds;
            }));
            copy.Add(await InFreshSchemaAsync(server, rows, connectionString => RawCopyAsync(connectionString, rows, batchSize)));
            insert.Add(await InFreshSchemaAsync(server, rows, connectionString => RawInsertBatchesAsync(connectionString, rows, batchSize)));
        }

        double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        output.WriteLine($"cycle ingestion into PostgreSQL, {cells} cells x {cyclesPerCell} cycles, batches of {batchSize} (one transaction each), median of {rounds}:");
        output.WriteLine($"  AppendAsync                  {Median(append),12:N0} records/s");
        output.WriteLine($"  raw binary COPY              {Median(copy),12:N0} records/s   ratio AppendAsync/COPY   {Median(append) / Median(copy),5:F2}");
        output.WriteLine($"  raw prepared INSERT batches  {Median(insert),12:N0} records/s   ratio AppendAsync/INSERT {Median(append) / Median(insert),5:F2}");
    }

    /// <summary>Runs <paramref name="measure"/> on a new schema holding the store's tables and the cells; drops it afterwards.</summary>
    private static async Task<double> InFreshSchemaAsync(string server, IReadOnlyList<CycleRecord> rows, Func<string, Task<double>> measure)
    {
        var schema = "bench_" + Guid.NewGuid().ToString("N");
        var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
        await ExecuteAsync(server, $"CREATE SCHEMA {schema}");
        try
        {
            await using (var store = await PostgresStore.OpenAsync(connectionString))
            {
                var design = new CellDesign("NMC811", "Al2O3", "oxide", 2, "ALD", "LP30", "carbonate", 200, 0.5, 25);
                foreach (var id in rows.Select(r => r.CellId).Distinct())
                    await store.UpsertCellAsync(new CellRow(id, design, new Dictionary<string, string>(), 0.2, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));
            }
            return await measure(connectionString);
        }
        finally
        {
            await ExecuteAsync(server, $"DROP SCHEMA {schema} CASCADE");
        }
    }

    private static async Task<double> RawCopyAsync(string connectionString, IReadOnlyList<CycleRecord> rows, int batchSize)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < rows.Count; i += batchSize)
        {
            await using var tx = await connection.BeginTransactionAsync();
            await using (var writer = await connection.BeginBinaryImportAsync(
                "COPY cycles (cell_id, cycle, discharge_capacity_ah, charge_capacity_ah, energy_wh, temperature_c, internal_resistance_ohm, timestamp_utc_ticks) FROM STDIN (FORMAT BINARY)"))
            {
                for (var j = i; j < Math.Min(rows.Count, i + batchSize); j++)
                {
                    var row = rows[j];
                    await writer.StartRowAsync();
                    await writer.WriteAsync(row.CellId, NpgsqlDbType.Text);
                    await writer.WriteAsync(row.Cycle, NpgsqlDbType.Integer);
                    await writer.WriteAsync(row.DischargeCapacityAh, NpgsqlDbType.Double);
                    await WriteNullableAsync(writer, row.ChargeCapacityAh);
                    await WriteNullableAsync(writer, row.EnergyWh);
                    await WriteNullableAsync(writer, row.TemperatureC);
                    await WriteNullableAsync(writer, row.InternalResistanceOhm);
                    if (row.Timestamp is { } t) await writer.WriteAsync(t.UtcTicks, NpgsqlDbType.Bigint);
                    else await writer.WriteNullAsync();
                }
                await writer.CompleteAsync();
            }
            await tx.CommitAsync();
        }
        return rows.Count / watch.Elapsed.TotalSeconds;
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter writer, double? value)
    {
        if (value is { } v) await writer.WriteAsync(v, NpgsqlDbType.Double);
        else await writer.WriteNullAsync();
    }

    private static async Task<double> RawInsertBatchesAsync(string connectionString, IReadOnlyList<CycleRecord> rows, int batchSize)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < rows.Count; i += batchSize)
        {
            await using var tx = await connection.BeginTransactionAsync();
            await using var batch = new NpgsqlBatch(connection, tx);
            for (var j = i; j < Math.Min(rows.Count, i + batchSize); j++)
            {
                var row = rows[j];
                batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                    INSERT INTO cycles (cell_id, cycle, discharge_capacity_ah, charge_capacity_ah, energy_wh, temperature_c, internal_resistance_ohm, timestamp_utc_ticks)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """)
                {
                    Parameters =
                    {
                        new() { Value = row.CellId },
                        new() { Value = row.Cycle },
                        new() { Value = row.DischargeCapacityAh },
                        new() { Value = (object?)row.ChargeCapacityAh ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double },
                        new() { Value = (object?)row.EnergyWh ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double },
                        new() { Value = (object?)row.TemperatureC ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double },
                        new() { Value = (object?)row.InternalResistanceOhm ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double },
                        new() { Value = row.Timestamp is { } t ? t.UtcTicks : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint },
                    },
                });
            }
            await batch.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }
        return rows.Count / watch.Elapsed.TotalSeconds;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
