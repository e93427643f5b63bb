namespace Twin.Storage;

/// <summary>Cycles were sent for cells that are not registered; nothing was written.</summary>
public sealed class UnknownCellException(IReadOnlyList<string> cellIds)
    : InvalidOperationException($"Unknown cell id(s): {string.Join(", ", cellIds.Take(20))}{(cellIds.Count > 20 ? $" and {cellIds.Count - 20} more" : "")}. Register the cells before appending cycles.")
{
    public IReadOnlyList<string> CellIds { get; } = cellIds;
}
