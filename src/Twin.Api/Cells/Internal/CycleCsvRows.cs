using System.Globalization;
using System.Runtime.CompilerServices;
using Twin.Actors.Cells;
using Twin.Core.Cycles;

namespace Twin.Api.Cells.Internal;

/// <summary>
/// The cycle CSV stream (text/csv): a header naming <c>cell_id,cycle,discharge_capacity_Ah</c> and
/// any of the optional columns, then one row per line (RFC 4180 quoting; a quoted field may span
/// lines). Each row becomes a <see cref="CycleRowInput"/> numbered by its first line.
/// </summary>
internal static class CycleCsvRows
{
    public static readonly string[] Required = [CycleDto.CellIdField, CycleDto.CycleField, CycleDto.DischargeField];
    public static readonly string[] Optional = [CycleDto.ChargeField, CycleDto.EnergyField, CycleDto.TemperatureField, CycleDto.ResistanceField, CycleDto.TimestampField];

    /// <summary>Reads the header; null and a problem when it is missing or names an unknown or repeated column, or lacks a required one.</summary>
    public static async Task<(Dictionary<string, int>? Columns, string? Problem)> ReadHeaderAsync(BodyLineReader lines, CancellationToken ct)
    {
        var first = await lines.ReadLineAsync(ct);
        if (first is null) return (null, $"the body is empty; the first line must be a header with {string.Join(",", Required)}.");
        if (first.Value.Text is not { } text) return (null, "line 1 (the header) is too long.");
        if (!TrySplit(text, out var names)) return (null, "line 1 (the header) has an unclosed quote.");
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim();
            var canonical = Required.Concat(Optional).FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
            if (canonical is null)
                return (null, $"line 1: column '{name}' is not part of the cycle CSV; the columns are {string.Join(", ", Required)} (required) and {string.Join(", ", Optional)} (optional).");
            if (!columns.TryAdd(canonical, i)) return (null, $"line 1: column '{canonical}' appears twice.");
        }
        var missing = Required.Where(r => !columns.ContainsKey(r)).ToArray();
        return missing.Length > 0 ? (null, $"line 1: the header lacks the required column(s) {string.Join(", ", missing)}.") : (columns, null);
    }

    public static async IAsyncEnumerable<CycleRowInput> ReadRowsAsync(BodyLineReader lines, Dictionary<string, int> columns, int maxLineBytes,
        [EnumeratorCancellation] CancellationToken ct)
    {
        while (await lines.ReadLineAsync(ct) is { } line)
        {
            if (line.Text is not { } text)
            {
                yield return CycleRowInput.Unreadable(line.Number, null, "(line)", $"is longer than {maxLineBytes} bytes.");
                continue;
            }
            if (text.Length == 0) continue;
            var start = line.Number;
            List<string> fields;
            while (!TrySplit(text, out fields))
            {
                // A quoted field with a line break: join the next line, within the line-length limit.
                var more = await lines.ReadLineAsync(ct);
                if (more?.Text is not { } next || text.Length + next.Length > maxLineBytes)
                {
                    fields = null!;
                    break;
                }
                text += "\n" + next;
            }
            yield return fields is null
                ? CycleRowInput.Unreadable(start, null, "(line)", "has a quoted field that is not closed.")
                : Parse(start, fields, columns);
        }
    }

    static CycleRowInput Parse(long row, List<string> fields, Dictionary<string, int> columns)
    {
        string? Get(string column) => columns.TryGetValue(column, out var i) && i < fields.Count && fields[i].Trim() is { Length: > 0 } v ? v : null;
        var cellId = Get(CycleDto.CellIdField);
        var errors = new List<RowRejection>();
        if (fields.Count > columns.Count) errors.Add(new(row, cellId, "(line)", $"has {fields.Count} fields but the header has {columns.Count}."));
        if (cellId is null) errors.Add(new(row, null, CycleDto.CellIdField, "is required."));
        else if (CellIds.Problem(cellId) is { } idProblem) errors.Add(new(row, cellId, CycleDto.CellIdField, idProblem));

        double? Number(string column, bool required = false)
        {
            var s = Get(column);
            if (s is null)
            {
                if (required) errors.Add(new(row, cellId, column, "is required."));
                return null;
            }
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) return v;
            errors.Add(new(row, cellId, column, $"'{s}' is not a finite number."));
            return null;
        }

        var cycle = Number(CycleDto.CycleField, required: true);
        if (cycle is { } c && (c != Math.Floor(c) || c is > int.MaxValue or < int.MinValue))
        {
            errors.Add(new(row, cellId, CycleDto.CycleField, $"'{Get(CycleDto.CycleField)}' is not a whole number."));
            cycle = null;
        }
        var discharge = Number(CycleDto.DischargeField, required: true);
        var charge = Number(CycleDto.ChargeField);
        var energy = Number(CycleDto.EnergyField);
        var temperature = Number(CycleDto.TemperatureField);
        var resistance = Number(CycleDto.ResistanceField);
        DateTimeOffset? timestamp = null;
        if (Get(CycleDto.TimestampField) is { } ts)
        {
            if (DateTimeOffset.TryParse(ts, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) timestamp = t;
            else errors.Add(new(row, cellId, CycleDto.TimestampField, $"'{ts}' is not a date and time; use ISO 8601, e.g. 2024-05-01T12:00:00Z."));
        }
        return errors.Count > 0 ? CycleRowInput.Unreadable(row, errors)
            : CycleRowInput.Parsed(row, new CycleRecord(cellId!, (int)cycle!.Value, discharge!.Value, charge, energy, temperature, resistance, timestamp));
    }

    /// <summary>Splits one record; false when a quoted field is still open at the end of <paramref name="text"/>.</summary>
    internal static bool TrySplit(string text, out List<string> fields)
    {
        fields = [];
        var field = new System.Text.StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (inQuotes)
            {
                if (ch != '"') field.Append(ch);
                else if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else inQuotes = false;
            }
            else if (ch == '"' && field.Length == 0) inQuotes = true;
            else if (ch == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(ch);
        }
        fields.Add(field.ToString());
        return !inQuotes;
    }
}
