using Npgsql;
using NpgsqlTypes;
using Twin.Core.Cycles;
using Twin.Storage.Internal;

namespace Twin.Storage.Postgres.Internal;

/// <summary>The statements of the append path: a whole batch travels as one array per column.</summary>
internal static class CycleSql
{
    public const string Columns =
        "cell_id, cycle, discharge_capacity_ah, charge_capacity_ah, energy_wh, temperature_c, internal_resistance_ohm, timestamp_utc_ticks";

    // ORDER BY n: rows go in in batch order, so of two rows with one (cell, cycle) the first is
    // stored and the second meets it as "already stored". DO NOTHING also waits for another
    // transaction inserting the same key and then skips the row if that one committed.
    private const string InsertSql = $"""
        INSERT INTO cycles ({Columns})
        SELECT c, n, d, q, e, t, r, k
        FROM unnest(@c, @n, @d, @q, @e, @t, @r, @k) WITH ORDINALITY AS u(c, n, d, q, e, t, r, k, i)
        ORDER BY i
        ON CONFLICT (cell_id, cycle) DO NOTHING
        """;

    private const string SelectStoredSql = $"""
        SELECT {Columns} FROM cycles
        WHERE (cell_id, cycle) IN (SELECT * FROM unnest(@c, @n))
        """;

    /// <summary>Batches at least this large first try <see cref="TryCopyAllAsync"/>: one failed attempt costs less than the gain.</summary>
    public const int CopyThreshold = 256;

    private const string UniqueViolation = "23505";

    /// <summary>
    /// Binary COPY of every row, the fastest way in: true when all went in; false when a
    /// (cell, cycle) exists or repeats, the server then having aborted the transaction (the
    /// caller rolls back and takes <see cref="InsertNewAsync"/>). COPY stops at the first
    /// duplicate key, so a resent batch fails early.
    /// </summary>
    public static async Task<bool> TryCopyAllAsync(NpgsqlConnection connection, IReadOnlyList<CycleRecord> rows, CancellationToken ct)
    {
        try
        {
            await using var writer = await connection.BeginBinaryImportAsync($"COPY cycles ({Columns}) FROM STDIN (FORMAT BINARY)", ct).ConfigureAwait(false);
            foreach (var row in rows)
            {
                await writer.StartRowAsync(ct).ConfigureAwait(false);
                await writer.WriteAsync(row.CellId, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await writer.WriteAsync(row.Cycle, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
                await writer.WriteAsync(row.DischargeCapacityAh, NpgsqlDbType.Double, ct).ConfigureAwait(false);
                await WriteAsync(writer, row.ChargeCapacityAh, ct).ConfigureAwait(false);
                await WriteAsync(writer, row.EnergyWh, ct).ConfigureAwait(false);
                await WriteAsync(writer, row.TemperatureC, ct).ConfigureAwait(false);
                await WriteAsync(writer, row.InternalResistanceOhm, ct).ConfigureAwait(false);
                if (row.Timestamp is { } t)
                    await writer.WriteAsync(t.UtcTicks, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                else
                    await writer.WriteNullAsync(ct).ConfigureAwait(false);
            }
            await writer.CompleteAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation)
        {
            return false;
        }
    }

    private static Task WriteAsync(NpgsqlBinaryImporter writer, double? value, CancellationToken ct) =>
        value is { } v ? writer.WriteAsync(v, NpgsqlDbType.Double, ct) : writer.WriteNullAsync(ct);

    /// <summary>Inserts every row whose (cell, cycle) is not stored yet; returns how many went in.</summary>
    public static async Task<int> InsertNewAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<CycleRecord> rows, CancellationToken ct)
    {
        var count = rows.Count;
        var cells = new string[count];
        var cycles = new int[count];
        var discharge = new double[count];
        var charge = new double?[count];
        var energy = new double?[count];
        var temperature = new double?[count];
        var resistance = new double?[count];
        var ticks = new long?[count];
        for (var i = 0; i < count; i++)
        {
            var row = rows[i];
            cells[i] = row.CellId;
            cycles[i] = row.Cycle;
            discharge[i] = row.DischargeCapacityAh;
            charge[i] = row.ChargeCapacityAh;
            energy[i] = row.EnergyWh;
            temperature[i] = row.TemperatureC;
            resistance[i] = row.InternalResistanceOhm;
            ticks[i] = row.Timestamp?.UtcTicks;
        }

        await using var command = new NpgsqlCommand(InsertSql, connection, tx);
        var p = command.Parameters;
        p.AddWithValue("c", NpgsqlDbType.Array | NpgsqlDbType.Text, cells);
        p.AddWithValue("n", NpgsqlDbType.Array | NpgsqlDbType.Integer, cycles);
        p.AddWithValue("d", NpgsqlDbType.Array | NpgsqlDbType.Double, discharge);
        p.AddWithValue("q", NpgsqlDbType.Array | NpgsqlDbType.Double, charge);
        p.AddWithValue("e", NpgsqlDbType.Array | NpgsqlDbType.Double, energy);
        p.AddWithValue("t", NpgsqlDbType.Array | NpgsqlDbType.Double, temperature);
        p.AddWithValue("r", NpgsqlDbType.Array | NpgsqlDbType.Double, resistance);
        p.AddWithValue("k", NpgsqlDbType.Array | NpgsqlDbType.Bigint, ticks);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The stored row of every (cell, cycle) in <paramref name="rows"/> that has one.</summary>
    public static async Task<Dictionary<(string Cell, int Cycle), CycleRecord>> ReadStoredAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<CycleRecord> rows, CancellationToken ct)
    {
        var keys = new HashSet<(string, int)>(rows.Count);
        foreach (var row in rows)
            keys.Add((row.CellId, row.Cycle));
        await using var command = new NpgsqlCommand(SelectStoredSql, connection, tx);
        command.Parameters.AddWithValue("c", NpgsqlDbType.Array | NpgsqlDbType.Text, keys.Select(k => k.Item1).ToArray());
        command.Parameters.AddWithValue("n", NpgsqlDbType.Array | NpgsqlDbType.Integer, keys.Select(k => k.Item2).ToArray());

        var stored = new Dictionary<(string, int), CycleRecord>(keys.Count);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var row = StoredRows.ReadCycle(reader);
            stored[(row.CellId, row.Cycle)] = row;
        }
        return stored;
    }

}
