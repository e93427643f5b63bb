using Twin.Core.Designs;

namespace Twin.Storage;

/// <summary>A registered cell: its design, free-form tags and bookkeeping times.</summary>
public sealed record CellRow(
    string CellId,
    CellDesign Design,
    IReadOnlyDictionary<string, string> Tags,
    double? NominalCapacityAh,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
