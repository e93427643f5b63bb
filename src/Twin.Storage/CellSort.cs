namespace Twin.Storage;

/// <summary>The orders a cell list can be sorted in; ties are broken by cell id (same direction).</summary>
public enum CellSort
{
    CellId,
    Electrode,
    Coating,
    Electrolyte,
    CreatedAt,
    UpdatedAt,
}
