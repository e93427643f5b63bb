using Twin.Core.Cycles;

namespace Twin.Storage;

/// <summary>Per-cycle measurements, append-only and idempotent per (cell id, cycle).</summary>
public interface ICycleStore
{
    /// <summary>
    /// Appends <paramref name="rows"/> in one transaction, committed before the call returns.
    /// A row identical to the stored one for its (cell, cycle) is a duplicate and changes
    /// nothing; a different one is a <see cref="CycleConflict"/> and is never written over the
    /// stored row. Rows are applied in order, so a repeated (cell, cycle) inside the batch is
    /// compared with its first occurrence. Every cell must be registered first: otherwise
    /// <see cref="UnknownCellException"/> is thrown and nothing is written.
    /// </summary>
    Task<AppendResult> AppendAsync(IReadOnlyList<CycleRecord> rows, AppendMode mode, CancellationToken ct = default);

    /// <summary>Every stored cycle of a cell, ordered by cycle number.</summary>
    Task<IReadOnlyList<CycleRecord>> ReadCyclesAsync(string cellId, CancellationToken ct = default);

    /// <summary>The stored cycles of a cell with a cycle number greater than <paramref name="afterCycle"/>, ordered.</summary>
    Task<IReadOnlyList<CycleRecord>> ReadCyclesSinceAsync(string cellId, int afterCycle, CancellationToken ct = default);

    /// <summary>
    /// One page of a cell's stored cycles: those after <paramref name="afterCycle"/>, ordered by
    /// cycle, at most <paramref name="limit"/> of them (pass the last cycle of a page for the next).
    /// </summary>
    Task<IReadOnlyList<CycleRecord>> ReadCyclesPageAsync(string cellId, int afterCycle, int limit, CancellationToken ct = default);

    /// <summary>
    /// A cell's discharge capacity by cycle, at most <paramref name="maxPoints"/> points, decimated
    /// with <see cref="CycleSeries.Decimate"/> (every point when the cell has no more).
    /// </summary>
    Task<IReadOnlyList<CyclePoint>> ReadCycleSeriesAsync(string cellId, int maxPoints, CancellationToken ct = default);

    /// <summary>
    /// Every cell's discharge capacities, cell after cell (ordered by cell id, then cycle), read in
    /// one pass over the table: what retraining on the whole store needs, without a query per cell.
    /// </summary>
    IAsyncEnumerable<CellCapacities> ReadAllCapacitiesAsync(CancellationToken ct = default);

    /// <summary>Stored cycles of one cell, or of all cells when <paramref name="cellId"/> is null.</summary>
    Task<long> CountCyclesAsync(string? cellId = null, CancellationToken ct = default);
}

/// <summary>One cell's discharge capacity by cycle, in cycle order.</summary>
public sealed record CellCapacities(string CellId, IReadOnlyList<(int Cycle, double CapacityAh)> Points);
