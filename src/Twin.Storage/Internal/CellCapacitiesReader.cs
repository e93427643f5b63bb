using System.Data.Common;

namespace Twin.Storage.Internal;

/// <summary>Groups (cell_id, cycle, capacity) rows ordered by cell into one <see cref="CellCapacities"/> per cell, for both stores.</summary>
internal static class CellCapacitiesReader
{
    public static async IAsyncEnumerable<CellCapacities> GroupAsync(DbDataReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? cell = null;
        var points = new List<(int, double)>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var id = reader.GetString(0);
            if (cell is not null && !string.Equals(id, cell, StringComparison.Ordinal))
            {
                yield return new CellCapacities(cell, points);
                points = [];
            }
            cell = id;
            points.Add((reader.GetInt32(1), reader.GetDouble(2)));
        }
        if (cell is not null) yield return new CellCapacities(cell, points);
    }
}
