using System.Text.Json;
using Twin.Core.WhatIf;
using Twin.Storage;

namespace Twin.Actors.Cells;

/// <summary>
/// Many cells with their twins' last fits, read from the store in bulk — one streamed query
/// through the store's own filters joining each cell to its stored twin state (or, for a list of
/// ids, the cells and then their states by key) — without activating a single grain: what fleet
/// studies over up to millions of cells need.
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
        if (ids is not { Count: > 0 })
        {
            // One streamed query joining the cells and their twins' states.
            await foreach (var c in cells.ReadCellsWithStateAsync(filter with { AfterCellId = null, WithTags = false }, StoredCellTwins.GrainType, max + 1, json => Calibration(json), ct))
                selected.Add(new WhatIfCell(c.CellId, c.Design, c.State));
            return selected;
        }
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
            if (await cells.GetCellAsync(id, ct) is { } row && Matches(row, filter)) selected.Add(new WhatIfCell(row.CellId, row.Design, null));
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
    /// <remarks>
    /// Reads only those fields with a <see cref="Utf8JsonReader"/> (names as <see cref="StoredCellTwins"/>
    /// writes them, web naming) instead of deserialising the whole state: a million-cell study parses
    /// half a million states, and the full state (anomalies and all) cost most of its time.
    /// </remarks>
    public static CellCalibration? Calibration(string json) => Calibration(System.Text.Encoding.UTF8.GetBytes(json));

    /// <inheritdoc cref="Calibration(string)"/>
    public static CellCalibration? Calibration(ReadOnlySpan<byte> json)
    {
        double? eol80 = null, exponent = null, lo = null, hi = null;
        string? modelVersion = null;
        DateTimeOffset? fittedAt = null;
        var stale = true; // CellTwinState's default
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueTextEquals("eol80"u8) ? 1 : reader.ValueTextEquals("exponent"u8) ? 2 : reader.ValueTextEquals("eolLo90"u8) ? 3
                : reader.ValueTextEquals("eolHi90"u8) ? 4 : reader.ValueTextEquals("modelVersion"u8) ? 5 : reader.ValueTextEquals("fittedAt"u8) ? 6
                : reader.ValueTextEquals("stale"u8) ? 7 : 0;
            reader.Read();
            switch (name)
            {
                case 1: eol80 = Number(ref reader); break;
                case 2: exponent = Number(ref reader); break;
                case 3: lo = Number(ref reader); break;
                case 4: hi = Number(ref reader); break;
                case 5: modelVersion = reader.TokenType == JsonTokenType.String ? reader.GetString() : null; break;
                case 6: fittedAt = reader.TokenType == JsonTokenType.String ? reader.GetDateTimeOffset() : null; break;
                case 7: stale = reader.TokenType == JsonTokenType.True; break;
                default: reader.Skip(); break;
            }
        }
        if (eol80 is not > 0 || exponent is not > 0 || modelVersion is null) return null;
        var sd = lo is > 0 && hi is > 0 && hi > lo ? Math.Log(hi.Value / lo.Value) / (2 * Normal.Z90) : 0.0;
        return new CellCalibration(Math.Log(eol80.Value), sd, exponent.Value, fittedAt, stale);
    }

    static double? Number(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : null;
}
