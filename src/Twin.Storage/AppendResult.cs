using Twin.Core.Cycles;

namespace Twin.Storage;

/// <summary>
/// The outcome of one append. <see cref="Inserted"/> rows are durable when the call returns;
/// <see cref="Duplicates"/> were already stored with identical values and changed nothing.
/// With <see cref="AppendMode.AllOrNothing"/> and any conflict, <see cref="Inserted"/> is 0.
/// </summary>
public sealed record AppendResult(int Inserted, int Duplicates, IReadOnlyList<CycleConflict> Conflicts)
{
    public bool HasConflicts => Conflicts.Count > 0;
}

/// <summary>
/// A sent row whose (cell, cycle) is already stored with different values. <see cref="Stored"/>
/// is the row that wins: the one in the database, or an earlier row of the same batch.
/// </summary>
public sealed record CycleConflict(string CellId, int Cycle, CycleRecord Stored, CycleRecord Sent);
