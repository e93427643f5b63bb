using Twin.Core.Cycles;

namespace Twin.Actors.Cells;

/// <summary>
/// One row handed to <see cref="CellIngestion"/>: either a parsed <see cref="CycleRecord"/>, or a
/// row its reader could not parse (<see cref="Errors"/>), which is reported like any invalid row.
/// </summary>
public sealed record CycleRowInput(long Row, CycleRecord? Cycle, IReadOnlyList<RowRejection>? Errors)
{
    public static CycleRowInput Parsed(long row, CycleRecord cycle) => new(row, cycle, null);

    public static CycleRowInput Unreadable(long row, string? cellId, string field, string reason) =>
        new(row, null, [new RowRejection(row, cellId, field, reason)]);

    public static CycleRowInput Unreadable(long row, IReadOnlyList<RowRejection> errors) => new(row, null, errors);
}
