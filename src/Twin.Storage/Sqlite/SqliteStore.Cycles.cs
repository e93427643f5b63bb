using Twin.Core.Cycles;
using Twin.Storage.Sqlite.Internal;

using Twin.Storage.Internal;

namespace Twin.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private readonly CycleCommands _cycleCommands;

    public Task<AppendResult> AppendAsync(IReadOnlyList<CycleRecord> rows, AppendMode mode, CancellationToken ct = default)
    {
        if (!StoredRows.CheckAppend(rows, mode))
            return Task.FromResult(new AppendResult(0, 0, []));

        return RunWriteAsync(connection =>
        {
            using var tx = connection.BeginTransaction(deferred: false);
            var commands = _cycleCommands;
            commands.Enlist(tx);
            try
            {
                ThrowIfUnknownCells(commands, rows);

                int inserted = 0, duplicates = 0;
                List<CycleConflict>? conflicts = null;
                var i = 0;
                while (i < rows.Count)
                {
                    ct.ThrowIfCancellationRequested();
                    // Fast path: a whole chunk of new rows in one statement.
                    if (rows.Count - i >= CycleCommands.ChunkSize && commands.TryInsertChunk(rows, i))
                    {
                        inserted += CycleCommands.ChunkSize;
                        i += CycleCommands.ChunkSize;
                        continue;
                    }
                    // Slow path (a key exists or repeats, or the tail): the chunk row by row.
                    var end = Math.Min(rows.Count, i + CycleCommands.ChunkSize);
                    for (; i < end; i++)
                        AppendOne(commands, rows[i], ref inserted, ref duplicates, ref conflicts);
                }

                if (conflicts is not null && mode == AppendMode.AllOrNothing)
                {
                    tx.Rollback();
                    return new AppendResult(0, duplicates, conflicts);
                }
                tx.Commit();
                return new AppendResult(inserted, duplicates, (IReadOnlyList<CycleConflict>?)conflicts ?? []);
            }
            finally
            {
                commands.Enlist(null);
            }
        }, ct);
    }

    private static void AppendOne(CycleCommands commands, CycleRecord row, ref int inserted, ref int duplicates, ref List<CycleConflict>? conflicts)
    {
        if (commands.TryInsert(row))
        {
            inserted++;
            return;
        }
        // Nothing inserted: the (cell, cycle) is stored, maybe by an earlier row of this batch.
        var stored = commands.Select(row.CellId, row.Cycle)
            ?? throw new InvalidOperationException($"Cycle {row.Cycle} of cell '{row.CellId}' was neither inserted nor found.");
        if (stored.Equals(row))
            duplicates++;
        else
            (conflicts ??= []).Add(new CycleConflict(row.CellId, row.Cycle, stored, row));
    }

    private static void ThrowIfUnknownCells(CycleCommands commands, IReadOnlyList<CycleRecord> rows)
    {
        var checkedIds = new HashSet<string>(StringComparer.Ordinal);
        List<string>? unknown = null;
        string? previous = null;
        for (var i = 0; i < rows.Count; i++)
        {
            var id = rows[i].CellId;
            if (ReferenceEquals(id, previous) || id == previous)
                continue;
            previous = id;
            if (checkedIds.Add(id) && !commands.CellExists(id))
                (unknown ??= []).Add(id);
        }
        if (unknown is not null)
            throw new UnknownCellException(unknown);
    }

    public Task<IReadOnlyList<CycleRecord>> ReadCyclesAsync(string cellId, CancellationToken ct = default)
        => ReadCyclesSinceAsync(cellId, int.MinValue, ct);

    public async Task<IReadOnlyList<CycleRecord>> ReadCyclesSinceAsync(string cellId, int afterCycle, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cellId);
        await using var connection = await OpenReaderAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {CycleCommands.SelectColumns} FROM cycles WHERE cell_id = $cell AND cycle > $after ORDER BY cycle";
        command.Parameters.AddWithValue("$cell", cellId);
        command.Parameters.AddWithValue("$after", afterCycle);
        var cycles = new List<CycleRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            cycles.Add(StoredRows.ReadCycle(reader));
        return cycles;
    }

    public async IAsyncEnumerable<CellCapacities> ReadAllCapacitiesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var connection = await OpenReaderAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT cell_id, cycle, discharge_capacity_ah FROM cycles ORDER BY cell_id, cycle";
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await foreach (var cell in CellCapacitiesReader.GroupAsync(reader, ct).ConfigureAwait(false))
            yield return cell;
    }

    public async Task<IReadOnlyList<CycleRecord>> ReadCyclesPageAsync(string cellId, int afterCycle, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cellId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenReaderAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {CycleCommands.SelectColumns} FROM cycles WHERE cell_id = $cell AND cycle > $after ORDER BY cycle LIMIT $limit";
        command.Parameters.AddWithValue("$cell", cellId);
        command.Parameters.AddWithValue("$after", afterCycle);
        command.Parameters.AddWithValue("$limit", limit);
        var cycles = new List<CycleRecord>(Math.Min(limit, 4096));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            cycles.Add(StoredRows.ReadCycle(reader));
        return cycles;
    }

    public async Task<IReadOnlyList<CyclePoint>> ReadCycleSeriesAsync(string cellId, int maxPoints, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cellId);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, CycleSeries.MinPoints);
        await using var connection = await OpenReaderAsync(ct).ConfigureAwait(false);
        // One read transaction: the count and the rows come from the same snapshot (WAL).
        await using var tx = connection.BeginTransaction(deferred: true);
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT count(*) FROM cycles WHERE cell_id = $cell";
        command.Parameters.AddWithValue("$cell", cellId);
        var count = (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        // Two columns streamed once: a million cycles never become a million records in memory.
        command.CommandText = "SELECT cycle, discharge_capacity_ah FROM cycles WHERE cell_id = $cell ORDER BY cycle";
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return CycleSeries.Decimate(Read(reader, ct), count, maxPoints);

        static IEnumerable<CyclePoint> Read(Microsoft.Data.Sqlite.SqliteDataReader r, CancellationToken ct)
        {
            while (r.Read())
            {
                ct.ThrowIfCancellationRequested();
                yield return new CyclePoint(r.GetInt32(0), r.GetDouble(1));
            }
        }
    }

    public async Task<long> CountCyclesAsync(string? cellId = null, CancellationToken ct = default)
    {
        await using var connection = await OpenReaderAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        if (cellId is null)
        {
            command.CommandText = "SELECT count(*) FROM cycles";
        }
        else
        {
            command.CommandText = "SELECT count(*) FROM cycles WHERE cell_id = $cell";
            command.Parameters.AddWithValue("$cell", cellId);
        }
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }
}
