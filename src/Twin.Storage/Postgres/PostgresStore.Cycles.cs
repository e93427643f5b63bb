using Npgsql;
using Twin.Core.Cycles;
using Twin.Storage.Postgres.Internal;

using Twin.Storage.Internal;

namespace Twin.Storage.Postgres;

public sealed partial class PostgresStore
{
    public Task<AppendResult> AppendAsync(IReadOnlyList<CycleRecord> rows, AppendMode mode, CancellationToken ct = default)
    {
        if (!StoredRows.CheckAppend(rows, mode))
            return Task.FromResult(new AppendResult(0, 0, []));

        return RunAsync(async (connection, token) =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await AppendOnceAsync(connection, rows, mode, token).ConfigureAwait(false);
                }
                catch (PostgresException e) when (e.SqlState == DeadlockDetected && attempt < 3)
                {
                    // Another append took some of the same keys in another order and PostgreSQL
                    // rolled this one back: nothing of it was written, so it is run again.
                }
            }
        }, ct);
    }

    private const string DeadlockDetected = "40P01";

    private static async Task<AppendResult> AppendOnceAsync(NpgsqlConnection connection, IReadOnlyList<CycleRecord> rows, AppendMode mode, CancellationToken token)
    {
        if (rows.Count >= CycleSql.CopyThreshold)
        {
            // Fast path for large batches of new rows (the usual bulk load): COPY them all.
            await using var copyTx = await connection.BeginTransactionAsync(token).ConfigureAwait(false);
            await ThrowIfUnknownCellsAsync(connection, copyTx, rows, token).ConfigureAwait(false);
            if (await CycleSql.TryCopyAllAsync(connection, rows, token).ConfigureAwait(false))
            {
                await copyTx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                return new AppendResult(rows.Count, 0, []);
            }
            await copyTx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await using var tx = await connection.BeginTransactionAsync(token).ConfigureAwait(false);
        await ThrowIfUnknownCellsAsync(connection, tx, rows, token).ConfigureAwait(false);

        var inserted = await CycleSql.InsertNewAsync(connection, tx, rows, token).ConfigureAwait(false);
        if (inserted == rows.Count)
        {
            // Once COMMIT is sent its outcome is what the caller must learn: never cancel it half-way.
            await tx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return new AppendResult(inserted, 0, []);
        }

        // Some rows were left out: their (cell, cycle) was stored before, or earlier in this
        // batch. Every row now has a stored counterpart (the first occurrence wins).
        var stored = await CycleSql.ReadStoredAsync(connection, tx, rows, token).ConfigureAwait(false);
        var equal = 0;
        List<CycleConflict>? conflicts = null;
        foreach (var row in rows)
        {
            var winner = stored[(row.CellId, row.Cycle)];
            if (winner.Equals(row))
                equal++;
            else
                (conflicts ??= []).Add(new CycleConflict(row.CellId, row.Cycle, winner, row));
        }
        // Each inserted row equals itself once; every other equal row is a duplicate.
        var duplicates = equal - inserted;
        if (conflicts is not null && mode == AppendMode.AllOrNothing)
        {
            await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            return new AppendResult(0, duplicates, conflicts);
        }
        await tx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        return new AppendResult(inserted, duplicates, (IReadOnlyList<CycleConflict>?)conflicts ?? []);
    }

    /// <summary>
    /// Throws <see cref="UnknownCellException"/> (ids in order of first appearance) unless every
    /// cell of the batch is registered; locks the registered ones (KEY SHARE) so that no
    /// concurrent delete removes them before this transaction ends.
    /// </summary>
    private static async Task ThrowIfUnknownCellsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<CycleRecord> rows, CancellationToken ct)
    {
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? previous = null;
        foreach (var row in rows)
        {
            if (ReferenceEquals(row.CellId, previous) || row.CellId == previous)
                continue;
            previous = row.CellId;
            if (seen.Add(row.CellId))
                ids.Add(row.CellId);
        }

        var found = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("SELECT cell_id FROM cells WHERE cell_id = ANY(@ids) FOR KEY SHARE", connection, tx))
        {
            command.Parameters.AddWithValue("ids", ids.ToArray());
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                found.Add(reader.GetString(0));
        }
        if (found.Count < ids.Count)
            throw new UnknownCellException(ids.Where(id => !found.Contains(id)).ToList());
    }

    public Task<IReadOnlyList<CycleRecord>> ReadCyclesAsync(string cellId, CancellationToken ct = default)
        => ReadCyclesSinceAsync(cellId, int.MinValue, ct);

    public Task<IReadOnlyList<CycleRecord>> ReadCyclesSinceAsync(string cellId, int afterCycle, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cellId);
        return RunAsync<IReadOnlyList<CycleRecord>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(
                $"SELECT {CycleSql.Columns} FROM cycles WHERE cell_id = @cell AND cycle > @after ORDER BY cycle", connection);
            command.Parameters.AddWithValue("cell", cellId);
            command.Parameters.AddWithValue("after", afterCycle);
            var cycles = new List<CycleRecord>();
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            while (await reader.ReadAsync(token).ConfigureAwait(false))
                cycles.Add(StoredRows.ReadCycle(reader));
            return cycles;
        }, ct);
    }

    public async IAsyncEnumerable<CellCapacities> ReadAllCapacitiesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        // Streams on one connection (not through RunAsync, which buffers a whole result).
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT cell_id, cycle, discharge_capacity_ah FROM cycles ORDER BY cell_id, cycle", connection);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await foreach (var cell in CellCapacitiesReader.GroupAsync(reader, ct).ConfigureAwait(false))
            yield return cell;
    }

    public Task<IReadOnlyList<CycleRecord>> ReadCyclesPageAsync(string cellId, int afterCycle, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cellId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return RunAsync<IReadOnlyList<CycleRecord>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(
                $"SELECT {CycleSql.Columns} FROM cycles WHERE cell_id = @cell AND cycle > @after ORDER BY cycle LIMIT @limit", connection);
            command.Parameters.AddWithValue("cell", cellId);
            command.Parameters.AddWithValue("after", afterCycle);
            command.Parameters.AddWithValue("limit", limit);
            var cycles = new List<CycleRecord>(Math.Min(limit, 4096));
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            while (await reader.ReadAsync(token).ConfigureAwait(false))
                cycles.Add(StoredRows.ReadCycle(reader));
            return cycles;
        }, ct);
    }

    public Task<IReadOnlyList<CyclePoint>> ReadCycleSeriesAsync(string cellId, int maxPoints, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cellId);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, CycleSeries.MinPoints);
        return RunAsync(async (connection, token) =>
        {
            // One snapshot for the count and the rows (REPEATABLE READ), read-only.
            await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, token).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM cycles WHERE cell_id = @cell", connection, tx);
            command.Parameters.AddWithValue("cell", cellId);
            var count = (long)(await command.ExecuteScalarAsync(token).ConfigureAwait(false))!;
            // Two columns streamed once: a million cycles never become a million records in memory.
            command.CommandText = "SELECT cycle, discharge_capacity_ah FROM cycles WHERE cell_id = @cell ORDER BY cycle";
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            return CycleSeries.Decimate(Read(reader, token), count, maxPoints);
        }, ct);

        static IEnumerable<CyclePoint> Read(NpgsqlDataReader r, CancellationToken ct)
        {
            while (r.Read())
            {
                ct.ThrowIfCancellationRequested();
                yield return new CyclePoint(r.GetInt32(0), r.GetDouble(1));
            }
        }
    }

    public Task<long> CountCyclesAsync(string? cellId = null, CancellationToken ct = default) =>
        RunAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand { Connection = connection };
            if (cellId is null)
            {
                command.CommandText = "SELECT count(*) FROM cycles";
            }
            else
            {
                command.CommandText = "SELECT count(*) FROM cycles WHERE cell_id = @cell";
                command.Parameters.AddWithValue("cell", cellId);
            }
            return (long)(await command.ExecuteScalarAsync(token).ConfigureAwait(false))!;
        }, ct);
}
