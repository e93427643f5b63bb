using System.Globalization;
using System.Text;

namespace Twin.Core.Csv;

/// <summary>A CSV input problem at a line (1-based, the header is line 1) and column.</summary>
public sealed class CsvFormatException(int line, string? column, string message)
    : FormatException(column is null ? $"line {line}: {message}" : $"line {line}, column '{column}': {message}")
{
    public int Line { get; } = line;
    public string? Column { get; } = column;
}

/// <summary>One data row with its header, addressed by column name; <see cref="Line"/> is where it starts.</summary>
public sealed class CsvRow(IReadOnlyDictionary<string, int> header, IReadOnlyList<string> columns, string[] fields, int line)
{
    public int Line { get; } = line;

    /// <summary>The header's named columns, in file order.</summary>
    public IReadOnlyList<string> Columns { get; } = columns;

    public bool Has(string column) => header.ContainsKey(column);

    public string? Get(string column) =>
        header.TryGetValue(column, out var i) && i < fields.Length && fields[i].Trim() is { Length: > 0 } v ? v : null;

    public string Required(string column) =>
        Get(column) ?? throw new CsvFormatException(Line, column, "is required but empty.");

    /// <summary>A number, or null when the field is empty; "NaN", "inf" and text are errors.</summary>
    public double? Number(string column)
    {
        var s = Get(column);
        if (s is null) return null;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw new CsvFormatException(Line, column, $"'{s}' is not a finite number.");
        return v;
    }

    public double RequiredNumber(string column) =>
        Number(column) ?? throw new CsvFormatException(Line, column, "is required but empty.");

    public int RequiredInt(string column)
    {
        var v = RequiredNumber(column);
        if (v != Math.Floor(v) || v > int.MaxValue || v < int.MinValue)
            throw new CsvFormatException(Line, column, $"'{Get(column)}' is not a whole number.");
        return (int)v;
    }
}

/// <summary>
/// Streaming RFC 4180 reader: quoted fields with embedded commas, quotes and newlines; a BOM;
/// CRLF or LF. Rows are yielded one at a time, so a file is never loaded whole.
/// </summary>
public static class CsvReader
{
    public static IEnumerable<CsvRow> Read(TextReader reader, IReadOnlyCollection<string>? requiredColumns = null)
    {
        var line = 1;
        var headerFields = ReadRecord(reader, ref line) ?? throw new CsvFormatException(1, null, "the file is empty; a header row is required.");
        if (headerFields.Length > 0) headerFields[0] = headerFields[0].TrimStart('\uFEFF');
        var header = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var columns = new List<string>();
        for (var i = 0; i < headerFields.Length; i++)
        {
            var name = headerFields[i].Trim();
            if (name.Length == 0) continue;
            if (!header.TryAdd(name, i)) throw new CsvFormatException(1, name, "appears twice in the header.");
            columns.Add(name);
        }
        foreach (var required in requiredColumns ?? [])
            if (!header.ContainsKey(required))
                throw new CsvFormatException(1, required, $"is a required column; the header has: {string.Join(", ", header.Keys)}.");
        while (true)
        {
            var start = line;
            var fields = ReadRecord(reader, ref line);
            if (fields is null) yield break;
            if (fields.Length == 1 && fields[0].Length == 0) continue; // blank line
            if (fields.Length > headerFields.Length && fields.Skip(headerFields.Length).Any(f => f.Trim().Length > 0))
                throw new CsvFormatException(start, null, $"has {fields.Length} fields but the header has {headerFields.Length}.");
            yield return new CsvRow(header, columns, fields, start);
        }
    }

    static string[]? ReadRecord(TextReader reader, ref int line)
    {
        var c = reader.Read();
        if (c < 0) return null;
        var fields = new List<string>();
        var sb = new StringBuilder();
        var inQuotes = false;
        var startLine = line;
        while (true)
        {
            if (c < 0)
            {
                if (inQuotes) throw new CsvFormatException(startLine, null, "a quoted field is not closed before the end of the file.");
                fields.Add(sb.ToString());
                return fields.ToArray();
            }
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); sb.Append('"'); }
                    else inQuotes = false;
                }
                else
                {
                    if (ch == '\n') line++;
                    sb.Append(ch);
                }
            }
            else if (ch == '"' && sb.Length == 0) inQuotes = true;
            else if (ch == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else if (ch == '\r' && reader.Peek() == '\n') { /* CRLF: the LF ends the record */ }
            else if (ch == '\n')
            {
                line++;
                fields.Add(sb.ToString());
                return fields.ToArray();
            }
            else sb.Append(ch);
            c = reader.Read();
        }
    }

    /// <summary>Quotes a field for output when it needs it.</summary>
    public static string Escape(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
