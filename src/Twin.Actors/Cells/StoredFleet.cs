using Twin.Core.WhatIf;
using Twin.Storage;

namespace Twin.Actors.Cells;

/// <summary>
/// Many cells with their twins' last fits, read from the store in bulk — pages of cell rows
/// through the store's own filters, then their stored twin states by key — without activating a
/// single grain: what fleet studies over up to millions of cells need.
/// </summary>
public static class StoredFleet
{
    const int Page = CellQuery.MaxLimit;

    /// <summary>
    /// The cells <paramref name="filter"/> selects (or exactly <paramref name="ids"/>, filtered the
    /// same way), each with its calibration when its twin has been fitted. Stops reading after
    /// <paramref name="max"/> + 1 cells, so the caller can tell "too many".
    /// </summary>
    public static async Task<List<WhatIfCell>> ReadAsync(ICellStore cells, IGrainStateStore states, CellQuery filter, IReadOnlyList<string>? ids, int max, CancellationToken ct)
    {
        var selected = new List<WhatIfCell>();
        if (ids is { Count: > 0 })
        {
            foreach (var id in ids.Distinct(StringComparer.Ordinal))
                if (await cells.GetCellAsync(id, ct) is { } row && Matches(row, filter)) selected.Add(new WhatIfCell(row.CellId, row.Design, null));
        }
        else
        {
            var query = filter with { Limit = Page, AfterCellId = null, WithTags = false };
            while (selected.Count <= max)
            {
                var page = await cells.ListCellsAsync(query, ct);
                selected.AddRange(page.Select(r => new WhatIfCell(r.CellId, r.Design, null)));
                if (page.Count < Page) break;
                query = query with { AfterCellId = page[^1].CellId };
            }
        }
        if (selected.Count > max) return selected;
        for (var from = 0; from < selected.Count; from += Page)
        {
            var count = Math.Min(Page, selected.Count - from);
            var stored = await states.ReadManyAsync(StoredCellTwins.GrainType, selected.GetRange(from, count).Select(c => c.CellId).ToArray(), ct);
            for (var k = from; k < from + count; k++)
                if (stored.TryGetValue(selected[k].CellId, out var json) && Calibration(json) is { } cal)
                    selected[k] = selected[k] with { Calibration = cal };
        }
        return selected;
    }

    static bool Matches(CellRow row, CellQuery f) =>
        (f.Electrode is null || row.Design.Electrode == f.Electrode) && (f.Coating is null || row.Design.Coating == f.Coating)
        && (f.Electrolyte is null || row.Design.Electrolyte == f.Electrolyte)
        && (f.Tags is null || f.Tags.All(t => row.Tags.TryGetValue(t.Key, out var v) && v == t.Value));

    /// <summary>A twin's last fit as a calibration: its median EOL80, the spread of its 90% interval, its exponent.</summary>
    public static CellCalibration? Calibration(string json)
    {
        var s = StoredCellTwins.Parse(json);
        if (s is not { Eol80: > 0, Exponent: > 0, ModelVersion: not null }) return null;
        var sd = s is { EolLo90: > 0, EolHi90: > 0 } && s.EolHi90 > s.EolLo90 ? Math.Log(s.EolHi90.Value / s.EolLo90.Value) / (2 * Normal.Z90) : 0.0;
        return new CellCalibration(Math.Log(s.Eol80.Value), sd, s.Exponent.Value, s.FittedAt, s.Stale);
    }
}
