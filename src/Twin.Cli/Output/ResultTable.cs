using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Twin.Core.Csv;

namespace Twin.Cli.Output;

/// <summary>
/// Rows under named columns (snake_case, as the API names them), printed by one writer in any
/// <see cref="OutputFormat"/>: commands build a table and never format it themselves.
/// Values are strings, numbers, booleans or null; null prints as "-" in a table, empty in CSV, null in JSON.
/// </summary>
internal sealed class ResultTable(params string[] columns)
{
    readonly List<object?[]> _rows = [];

    public IReadOnlyList<string> Columns { get; } = columns;
    public IReadOnlyList<object?[]> Rows => _rows;

    public ResultTable Add(params object?[] values)
    {
        if (values.Length != Columns.Count) throw new ArgumentException($"{values.Length} values for {Columns.Count} columns.", nameof(values));
        _rows.Add(values);
        return this;
    }

    /// <summary>One record as a two-column table (field, value); JSON prints it as one object.</summary>
    public static ResultTable Record(IEnumerable<(string Field, object? Value)> fields)
    {
        var t = new ResultTable("field", "value") { IsRecord = true };
        foreach (var (f, v) in fields) t.Add(f, v);
        return t;
    }

    public bool IsRecord { get; private init; }

    public void Write(OutputFormat format, TextWriter? output = null)
    {
        var w = output ?? Console.Out;
        switch (format)
        {
            case OutputFormat.Csv:
                w.WriteLine(string.Join(",", Columns.Select(CsvReader.Escape)));
                foreach (var row in _rows) w.WriteLine(string.Join(",", row.Select(v => CsvReader.Escape(Text(v, "")))));
                break;
            case OutputFormat.Json:
                WriteJson(ToJson(), w);
                break;
            default:
                WriteAligned(w);
                break;
        }
    }


    /// <summary>Indented JSON, for commands whose JSON wraps tables in an object of their own.</summary>
    public static void WriteJson(JsonNode node, TextWriter? output = null)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping: units such as °C and quotes in messages stay readable; this is output, not HTML.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            node.WriteTo(json);
        (output ?? Console.Out).WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>The table as a JSON array of objects (a record as one object).</summary>
    public JsonNode ToJson()
    {
        if (IsRecord)
        {
            var record = new JsonObject();
            foreach (var row in _rows) record[(string)row[0]!] = Node(row[1]);
            return record;
        }
        var array = new JsonArray();
        foreach (var row in _rows)
        {
            var o = new JsonObject();
            for (var i = 0; i < Columns.Count; i++) o[Columns[i]] = Node(row[i]);
            array.Add(o);
        }
        return array;
    }

    static JsonNode? Node(object? v) => v switch
    {
        null => null,
        double d when !double.IsFinite(d) => null,
        JsonElement e => JsonNode.Parse(e.GetRawText()),
        _ => JsonValue.Create(v),
    };

    void WriteAligned(TextWriter w)
    {
        var cells = _rows.Select(r => r.Select(v => Text(v, "-")).ToArray()).ToList();
        var numeric = Enumerable.Range(0, Columns.Count).Select(i => _rows.Count > 0 && _rows.All(r => r[i] is null or double or int or long)).ToArray();
        var widths = Enumerable.Range(0, Columns.Count).Select(i => cells.Select(c => c[i].Length).Append(Columns[i].Length).Max()).ToArray();
        string Line(IReadOnlyList<string> values) => string.Join("  ",
            values.Select((v, i) => numeric[i] ? v.PadLeft(widths[i]) : i == values.Count - 1 ? v : v.PadRight(widths[i]))).TrimEnd();
        if (!IsRecord) w.WriteLine(Line(Columns));
        foreach (var c in cells) w.WriteLine(Line(c));
    }

    /// <summary>Invariant text: numbers with at most 4 decimals, times as ISO 8601.</summary>
    static string Text(object? v, string missing) => v switch
    {
        null => missing,
        double d => double.IsFinite(d) ? d.ToString("0.####", CultureInfo.InvariantCulture) : missing,
        bool b => b ? "true" : "false",
        DateTimeOffset t => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()!,
        JsonElement { ValueKind: JsonValueKind.Null } => missing,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? missing,
    };
}
