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
    /// Every cell matching <paramref name="filter"/> (its filters only: no paging, ordered by id),
    /// at most <paramref name="limit"/>, each with its design and what <paramref name="parse"/>
    /// makes of the stored JSON state of <paramref name="grainType"/> under its id (default when it
    /// has none), streamed from one query that joins the two tables: what a fleet study over a
    /// million cells reads. The state is handed over as UTF-8 where the store holds it, never copied
    /// into a string. Equal designs are one shared instance.
    /// </summary>
    IAsyncEnumerable<CellWithState<T>> ReadCellsWithStateAsync<T>(CellQuery filter, string grainType, int limit, StateParser<T> parse, CancellationToken ct = default);

    /// <summary>
    /// Deletes the cell, its cycles and every grain state stored under its id, in one
    /// transaction. Returns false when no such cell was registered.
    /// </summary>
    Task<bool> DeleteCellAsync(string cellId, CancellationToken ct = default);

    Task<long> CountCellsAsync(CancellationToken ct = default);

    /// <summary>The distinct designs of the cells with this electrode (at most <paramref name="limit"/>): what the lab has tested.</summary>
    Task<IReadOnlyList<Twin.Core.Designs.CellDesign>> ListDesignsAsync(string electrode, int limit, CancellationToken ct = default);

    /// <summary>
    /// Registered cells counted per electrode and coating (names and stored classes as given), in
    /// one grouped query: the lab's own evidence behind a coating class on an electrode class.
    /// </summary>
    Task<IReadOnlyList<CoatingCount>> CountCellsByCoatingAsync(CancellationToken ct = default);
}

/// <summary>How many registered cells have this electrode and coating (classes null when not stored).</summary>
public sealed record CoatingCount(string Electrode, string? ElectrodeClass, string Coating, string? CoatingClass, long Cells);

/// <summary>What a reader keeps of a stored state's JSON (UTF-8, valid only during the call).</summary>
public delegate T StateParser<out T>(ReadOnlySpan<byte> utf8Json);

/// <summary>A cell's id and design with what was parsed of one grain state (default when it has none).</summary>
public sealed record CellWithState<T>(string CellId, Twin.Core.Designs.CellDesign Design, T? State);
