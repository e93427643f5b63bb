namespace Twin.Storage;

/// <summary>
/// A filter over registered cells. Every given criterion must hold (AND); string matches are
/// exact, except <see cref="Search"/>: a case-insensitive (ASCII) substring of the cell id,
/// electrode, coating, electrolyte or any tag value. Cells are ordered by <see cref="Sort"/>, then
/// by id (ordinal), both <see cref="Descending"/> or not. Paging is by key: pass the last
/// <see cref="CellRow.CellId"/> of a page as <see cref="AfterCellId"/> to get the next one (its
/// sort value is looked up; if that cell was deleted meanwhile, the page is empty).
/// <see cref="WithTags"/> false leaves each row's tags empty (still filtering on them): a fleet
/// study over a million cells needs only ids and designs, and gathering tags is most of a row's cost.
/// </summary>
public sealed record CellQuery(
    IReadOnlyDictionary<string, string>? Tags = null,
    string? Electrode = null,
    string? Coating = null,
    string? Electrolyte = null,
    string? AfterCellId = null,
    int Limit = CellQuery.DefaultLimit,
    string? Search = null,
    CellSort Sort = CellSort.CellId,
    bool Descending = false,
    bool WithTags = true)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 10_000;
}
