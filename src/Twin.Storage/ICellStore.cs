namespace Twin.Storage;

/// <summary>Registered cells: the parent rows every cycle and grain state belongs to.</summary>
public interface ICellStore
{
    /// <summary>
    /// Inserts or replaces a cell (design, tags, nominal capacity, <see cref="CellRow.UpdatedAt"/>).
    /// On replace the stored <see cref="CellRow.CreatedAt"/> is kept. Returns true when created.
    /// </summary>
    Task<bool> UpsertCellAsync(CellRow cell, CancellationToken ct = default);

    Task<CellRow?> GetCellAsync(string cellId, CancellationToken ct = default);

    /// <summary>One page of cells matching <paramref name="query"/>, ordered by cell id.</summary>
    Task<IReadOnlyList<CellRow>> ListCellsAsync(CellQuery query, CancellationToken ct = default);

    /// <summary>
    /// Deletes the cell, its cycles and every grain state stored under its id, in one
    /// transaction. Returns false when no such cell was registered.
    /// </summary>
    Task<bool> DeleteCellAsync(string cellId, CancellationToken ct = default);

    Task<long> CountCellsAsync(CancellationToken ct = default);

    /// <summary>
    /// Registered cells counted per electrode and coating (names and stored classes as given), in
    /// one grouped query: the lab's own evidence behind a coating class on an electrode class.
    /// </summary>
    Task<IReadOnlyList<CoatingCount>> CountCellsByCoatingAsync(CancellationToken ct = default);
}

/// <summary>How many registered cells have this electrode and coating (classes null when not stored).</summary>
public sealed record CoatingCount(string Electrode, string? ElectrodeClass, string Coating, string? CoatingClass, long Cells);
