using Twin.Actors.Cells;
using Twin.Core.Cycles;

namespace Twin.Api.Cells.Internal;

/// <summary>
/// A cycle given twice in one all-or-nothing batch with other values is the sender's mistake, not a
/// conflict with stored data (nothing of the batch is stored yet): the later row is rejected, naming
/// the earlier one. An exact repeat stays harmless, like a resend.
/// </summary>
internal static class BatchRepeats
{
    public static CycleRowInput[] Reject(CycleRowInput[] rows, string rowName)
    {
        var first = new Dictionary<int, (long Row, CycleRecord Cycle)>();
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i].Cycle is not { } c) continue;
            if (!first.TryGetValue(c.Cycle, out var earlier)) first[c.Cycle] = (rows[i].Row, c);
            else if (!earlier.Cycle.Equals(c))
                rows[i] = CycleRowInput.Unreadable(rows[i].Row, c.CellId, CycleDto.CycleField,
                    $"cycle {c.Cycle} is also given by {rowName}[{earlier.Row}] of this batch, with other values; send each cycle once.");
        }
        return rows;
    }
}
