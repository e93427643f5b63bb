namespace Twin.Storage;

/// <summary>
/// A filter over registered cells. Every given criterion must hold (AND); string matches are
/// exact. Paging is by key: pass the last <see cref="CellRow.CellId"/> of a page as
/// <see cref="AfterCellId"/> to get the next one (cells are ordered by id, ordinal).
/// </summary>
public sealed record CellQuery(
    IReadOnlyDictionary<string, string>? Tags = null,
    string? Electrode = null,
    string? Coating = null,
    string? Electrolyte = null,
    string? AfterCellId = null,
    int Limit = CellQuery.DefaultLimit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 10_000;
}
