namespace Twin.Actors.Cells;

/// <summary>
/// A cycle row that was not stored, and why. <paramref name="Row"/> is where the row came from:
/// the 0-based index in a JSON batch, the 1-based line of a CSV/NDJSON stream, or the 0-based
/// position of a cycle read from a cycler file. <paramref name="Field"/> uses the wire names
/// (<c>cycle</c>, <c>discharge_capacity_Ah</c>, <c>cell_id</c>, ...).
/// </summary>
public sealed record RowRejection(long Row, string? CellId, string Field, string Reason);
