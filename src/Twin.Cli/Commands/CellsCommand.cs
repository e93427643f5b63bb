using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Twin.Cli.Output;
using Twin.Cli.Server;

namespace Twin.Cli.Commands;

/// <summary>
/// `twin cells register|list|show` against a running server (PUT /api/cells/{id}, GET /api/cells,
/// GET /api/cells/{id} with its twin): the server validates, the CLI only builds the request and
/// prints the answer through the shared <see cref="ResultTable"/>.
/// </summary>
internal static class CellsCommand
{
    /// <summary>The design fields `register` takes, as (option, JSON field, numeric).</summary>
    static readonly (string Option, string Field, bool Numeric, string Description)[] DesignFields =
    [
        ("--electrode", "electrode", false, "Active material, e.g. NCM811, LFP/graphite (required)."),
        ("--coating", "coating", false, "Coating material, or 'none' (required)."),
        ("--electrolyte", "electrolyte", false, "Electrolyte, e.g. 'LiPF6 in EC/DEC' (required)."),
        ("--electrode-class", "electrode_class", false, "Electrode class (docs/design-schema.md)."),
        ("--coating-class", "coating_class", false, "Coating class (docs/design-schema.md)."),
        ("--coating-thickness-nm", "coating_thickness_nm", true, "Coating thickness in nm."),
        ("--coating-method", "coating_method", false, "Coating method, e.g. ALD, sol-gel."),
        ("--electrolyte-class", "electrolyte_class", false, "Electrolyte class (docs/design-schema.md)."),
        ("--current-mA-g", "current_mA_g", true, "Specific current in mA/g."),
        ("--c-rate", "c_rate", true, "Discharge C-rate."),
        ("--charge-c-rate", "charge_c_rate", true, "Charge C-rate."),
        ("--temperature-C", "temperature_C", true, "Test temperature in °C."),
        ("--nominal-capacity-Ah", "nominal_capacity_Ah", true, "Nominal capacity in Ah."),
    ];

    static readonly string[] ListColumns = ["cell_id", "electrode", "coating", "electrolyte", "nominal_capacity_Ah", "tags", "created_at", "updated_at"];

    public static Command Create() => new("cells", "Register, list and show cells on a running Twin server.")
    {
        Register(), List(), Show(),
    };

    static Command Register()
    {
        var id = new Argument<string>("ID") { Description = "The cell's id." };
        var tags = new Option<string[]>("--tag") { Description = "A tag KEY=VALUE (repeat for several).", AllowMultipleArgumentsPerToken = false };
        var options = DesignFields.Select(f => (f.Field, f.Numeric, Option: new Option<string?>(f.Option) { Description = f.Description })).ToArray();
        var (server, key, output) = (ServerOptions.Url(), ServerOptions.ApiKey(), OutputOption.Create());
        var command = new Command("register", "Register a cell (or replace its design, nominal capacity and tags): PUT /api/cells/{id}.") { id, tags };
        foreach (var o in options) command.Options.Add(o.Option);
        command.Options.Add(server);
        command.Options.Add(key);
        command.Options.Add(output);
        command.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            var body = new Dictionary<string, object>();
            foreach (var (field, numeric, option) in options)
            {
                if (parse.GetValue(option) is not { } text) continue;
                body[field] = numeric ? Number(option.Name, text) : text;
            }
            var tagValues = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var t in parse.GetValue(tags) ?? [])
            {
                var eq = t.IndexOf('=');
                if (eq <= 0) throw new FormatException($"--tag '{t}' is not KEY=VALUE.");
                tagValues[t[..eq]] = t[(eq + 1)..];
            }
            if (tagValues.Count > 0) body["tags"] = tagValues;
            using var client = ServerOptions.Client(parse.GetValue(server)!, parse.GetValue(key));
            var cell = await client.PutJsonAsync($"api/cells/{TwinServerClient.Segment(parse.GetValue(id)!)}", body, ct);
            CellRecord(cell).Write(parse.GetValue(output));
            return 0;
        }));
        return command;
    }

    static double Number(string option, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new FormatException($"{option} must be a number; got '{text}'.");

    static Command List()
    {
        var tags = new Option<string[]>("--tag") { Description = "Only cells with tag KEY=VALUE (repeat for several)." };
        var electrode = new Option<string?>("--electrode") { Description = "Only this electrode (exact)." };
        var coating = new Option<string?>("--coating") { Description = "Only this coating (exact)." };
        var electrolyte = new Option<string?>("--electrolyte") { Description = "Only this electrolyte (exact)." };
        var search = new Option<string?>("--search", "-q") { Description = "Text in the id, design or tag values." };
        var sort = new Option<string?>("--sort") { Description = "cell_id (default), electrode, coating, electrolyte, created_at, updated_at; a leading '-' sorts descending." };
        var limit = new Option<int?>("--limit") { Description = "Cells per page (the server's default when left out)." };
        var after = new Option<string?>("--after") { Description = "Start after this cell (the 'next' of the previous page)." };
        var all = new Option<bool>("--all") { Description = "Follow every page instead of printing one." };
        var (server, key, output) = (ServerOptions.Url(), ServerOptions.ApiKey(), OutputOption.Create());
        var command = new Command("list", "List cells, filtered, sorted and paged by the server: GET /api/cells.")
        {
            tags, electrode, coating, electrolyte, search, sort, limit, after, all, server, key, output,
        };
        command.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            var query = new List<string>();
            void Add(string name, string? value)
            {
                if (!string.IsNullOrEmpty(value)) query.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}");
            }
            foreach (var t in parse.GetValue(tags) ?? [])
            {
                var eq = t.IndexOf('=');
                if (eq <= 0) throw new FormatException($"--tag '{t}' is not KEY=VALUE.");
                Add("tag." + t[..eq], t[(eq + 1)..]);
            }
            Add("electrode", parse.GetValue(electrode));
            Add("coating", parse.GetValue(coating));
            Add("electrolyte", parse.GetValue(electrolyte));
            Add("q", parse.GetValue(search));
            Add("sort", parse.GetValue(sort));
            if (parse.GetValue(limit) is { } l) Add("limit", l.ToString(CultureInfo.InvariantCulture));

            using var client = ServerOptions.Client(parse.GetValue(server)!, parse.GetValue(key));
            var table = new ResultTable(ListColumns);
            string? next = parse.GetValue(after);
            do
            {
                var path = "api/cells?" + string.Join("&", next is null ? query : query.Append($"after={Uri.EscapeDataString(next)}"));
                var page = await client.GetAsync(path.TrimEnd('?'), ct);
                foreach (var c in page.GetProperty("cells").EnumerateArray())
                    table.Add([.. ListColumns.Select(name => name == "tags" ? Tags(c) : Value(c, name))]);
                next = page.TryGetProperty("next", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            } while (next is not null && parse.GetValue(all));
            table.Write(parse.GetValue(output));
            // On stderr, so the table/CSV/JSON on stdout stays clean for scripts.
            if (next is not null) Console.Error.WriteLine($"more cells: --after {next} (or --all)");
            return 0;
        }));
        return command;
    }

    static Command Show()
    {
        var id = new Argument<string>("ID") { Description = "The cell's id." };
        var (server, key, output) = (ServerOptions.Url(), ServerOptions.ApiKey(), OutputOption.Create());
        var command = new Command("show", "A cell's design, tags and stored cycles, with its twin's SOH, end of life and remaining life.")
        {
            id, server, key, output,
        };
        command.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            using var client = ServerOptions.Client(parse.GetValue(server)!, parse.GetValue(key));
            var path = $"api/cells/{TwinServerClient.Segment(parse.GetValue(id)!)}";
            var cell = await client.GetAsync(path, ct);
            var twin = await client.GetOrNullAsync(path + "/twin", ct);
            CellRecord(cell, twin).Write(parse.GetValue(output));
            return 0;
        }));
        return command;
    }

    static readonly string[] TwinFields = ["cycles_observed", "last_cycle", "soh_now", "eol_p50", "eol_lo90", "eol_hi90", "end_of_life_reached", "data_weight", "model_version", "last_data_at"];

    /// <summary>Every field of the cell as the server sent it, then the twin's headline figures.</summary>
    static ResultTable CellRecord(JsonElement cell, JsonElement? twin = null)
    {
        var fields = new List<(string, object?)>();
        foreach (var p in cell.EnumerateObject())
            fields.Add((p.Name, p.Name == "tags" ? Tags(cell) : Scalar(p.Value)));
        if (twin is { } t)
        {
            foreach (var name in TwinFields) fields.Add((name, Value(t, name)));
            if (t.TryGetProperty("anomalies", out var a) && a.ValueKind == JsonValueKind.Array) fields.Add(("anomalies", a.GetArrayLength()));
        }
        return ResultTable.Record(fields);
    }

    static object? Value(JsonElement o, string name) => o.TryGetProperty(name, out var v) ? Scalar(v) : null;

    static object? Scalar(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.GetDouble(),
        JsonValueKind.String => v.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => v.GetRawText(),
    };

    static string Tags(JsonElement cell) =>
        cell.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object
            ? string.Join(";", tags.EnumerateObject().Select(t => $"{t.Name}={t.Value.GetString()}"))
            : "";
}
