using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Twin.Cli.Server;
using Twin.Core.Csv;
using Twin.Core.Designs;
using Twin.Core.WhatIf;
using Twin.Ml.Models;
using Twin.Ml.Prediction;

namespace Twin.Cli.Commands;

/// <summary>
/// `twin what-if` (against a running server: the cells and their twins live there) and
/// `twin sweep` (locally, on the shipped model and literature table) — the same studies as
/// POST /api/fleet/what-if and POST /api/designs/sweep (docs/what-if.md).
/// </summary>
internal static class WhatIfCommand
{
    static readonly string[] ChangeFields = ["coating", "coating_class", "coating_thickness_nm", "coating_method", "electrolyte", "electrolyte_class", "current_mA_g", "c_rate", "charge_c_rate", "temperature_C"];

    public static Command CreateWhatIf()
    {
        var server = ServerOptions.Url();
        var change = new Option<string[]>("--change") { Description = "FIELD=VALUE to change in every selected cell, e.g. --change coating=alucone --change coating_thickness_nm=5.", Required = true, AllowMultipleArgumentsPerToken = true };
        var tag = new Option<string[]>("--tag") { Description = "KEY=VALUE: only cells with this tag (repeatable).", AllowMultipleArgumentsPerToken = true };
        var coating = new Option<string?>("--coating") { Description = "Only cells with this coating." };
        var electrode = new Option<string?>("--electrode") { Description = "Only cells with this electrode." };
        var ids = new Option<string[]>("--ids") { Description = "Only these cell ids.", AllowMultipleArgumentsPerToken = true };
        var target = new Option<double?>("--cycle-target") { Description = "Report the share of cells reaching this many cycles." };
        var seed = new Option<int?>("--seed") { Description = "Seed of the fleet Monte Carlo (same inputs, model and seed: same numbers)." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the per-cell table as CSV here (every cell)." };
        var key = ServerOptions.ApiKey();
        var command = new Command("what-if", "What if the selected cells had another design? Each cell keeps its own calibration (server API).")
        {
            server, change, tag, coating, electrode, ids, target, seed, output, key,
        };
        command.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            using var client = ServerOptions.Client(parse.GetValue(server)!, parse.GetValue(key));
            var body = new JsonObject();
            var selection = new JsonObject();
            if (parse.GetValue(coating) is { } c) selection["coating"] = c;
            if (parse.GetValue(electrode) is { } e) selection["electrode"] = e;
            if (parse.GetValue(ids) is { Length: > 0 } list) selection["ids"] = new JsonArray(list.Select(i => (JsonNode)i!).ToArray());
            if (parse.GetValue(tag) is { Length: > 0 } tags)
            {
                var t = new JsonObject();
                foreach (var pair in tags) { var (k, v) = Pair(pair, "--tag"); t[k] = v; }
                selection["tags"] = t;
            }
            var changes = new JsonObject();
            foreach (var pair in parse.GetValue(change)!)
            {
                var (field, value) = Pair(pair, "--change");
                if (!ChangeFields.Contains(field)) throw new FormatException($"--change: '{field}' is not a design field a what-if can change; use one of {string.Join(", ", ChangeFields)}.");
                changes[field] = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && field is not ("coating" or "electrolyte" or "coating_class" or "electrolyte_class" or "coating_method")
                    ? number : value;
            }
            body["selection"] = selection;
            body["change"] = changes;
            if (parse.GetValue(target) is { } cycles) body["cycle_target"] = cycles;
            if (parse.GetValue(seed) is { } s) body["seed"] = s;

            var csv = parse.GetValue(output);
            if (csv is not null)
            {
                var text = await client.PostJsonForTextAsync("api/fleet/what-if?format=csv", body, ct);
                await File.WriteAllTextAsync(csv.FullName, text, ct);
                Console.WriteLine($"wrote {text.Count(ch => ch == '\n') - 2} cells to {csv.FullName}");
                return 0;
            }
            var result = await client.PostJsonAsync("api/fleet/what-if", body, ct);
            var summary = result.GetProperty("summary");
            Console.WriteLine($"model {result.GetProperty("model_version").GetString()}, seed {result.GetProperty("seed").GetInt32()}: {summary.GetProperty("cells").GetInt32()} cells ({summary.GetProperty("calibrated").GetInt32()} with a fitted twin)");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"fleet median cycles to 80%: {summary.GetProperty("median_before").GetDouble():0} -> {summary.GetProperty("median_after").GetDouble():0}; P(median after > before) {summary.GetProperty("probability_median_longer").GetDouble():0.00}"));
            foreach (var note in result.GetProperty("notes").EnumerateArray()) Console.WriteLine($"note: {note.GetString()}");
            return 0;
        }));
        return command;
    }

    public static Command CreateSweep()
    {
        var baseFile = new Option<FileInfo>("--base") { Description = "CSV whose first row is the base design (docs/design-schema.md columns).", Required = true };
        var coatings = new Option<string[]>("--coatings") { Description = "Coatings to try.", AllowMultipleArgumentsPerToken = true };
        var thickness = new Option<double[]>("--thickness-nm") { Description = "Coating thicknesses to try (nm).", AllowMultipleArgumentsPerToken = true };
        var electrolytes = new Option<string[]>("--electrolytes") { Description = "Electrolytes to try.", AllowMultipleArgumentsPerToken = true };
        var temperatures = new Option<double[]>("--temperature-c") { Description = "Temperatures to try (°C).", AllowMultipleArgumentsPerToken = true };
        var cRates = new Option<double[]>("--c-rate") { Description = "Discharge C-rates to try.", AllowMultipleArgumentsPerToken = true };
        var output = new Option<FileInfo?>("--out") { Description = "Write every point as CSV here." };
        var models = CliOptions.Models();
        var name = CliOptions.Name();
        var data = CliOptions.Data();
        var command = new Command("sweep", "Predicted life over a grid of designs against a base design, P(beats base), and what to test next (local model).")
        {
            baseFile, coatings, thickness, electrolytes, temperatures, cRates, output, models, name, data,
        };
        command.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            var file = parse.GetValue(baseFile)!;
            if (!file.Exists) throw new FileNotFoundException($"base design file '{file.FullName}' does not exist.");
            CellDesign basis;
            using (var reader = new StreamReader(file.FullName))
                basis = CsvReader.Read(reader, DesignCsv.RequiredColumns).Select(DesignCsv.Read).FirstOrDefault()
                        ?? throw new FormatException($"{file.FullName}: no design row under the header.");
            var grid = new SweepGrid(parse.GetValue(coatings), parse.GetValue(thickness), parse.GetValue(electrolytes), parse.GetValue(cRates), null, parse.GetValue(temperatures));
            if (grid.Count > 10_000) throw new FormatException($"the grid spans {grid.Count:N0} points; at most 10,000 — use fewer values.");
            var designs = grid.Expand(basis);
            if (designs.All(d => d == basis)) throw new FormatException("every point equals the base design: give --coatings, --thickness-nm, --electrolytes, --temperature-c or --c-rate.");
            foreach (var d in designs.Distinct())
                if (DesignValidation.Validate(d) is { Count: > 0 } errors) throw new FormatException($"{errors[0].Field}: {errors[0].Message}");

            using var forecaster = DesignForecaster.Load(parse.GetValue(models)!.FullName, parse.GetValue(name)!);
            var literature = Path.Combine(parse.GetValue(data)!.FullName, "literature", "coatings.csv");
            var evidence = File.Exists(literature) ? EvidenceIndex.Load(literature, forecaster.Card.KnownCoatings) : new EvidenceIndex([], forecaster.Card.KnownCoatings);
            var result = DesignSweep.Run(basis, designs, d => forecaster.Predict(d, evidence, ct), d => evidence.For(d, 0));

            string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
            Console.WriteLine($"model {forecaster.Card.Version}; base design: {F(result.Base.P50)} cycles to 80% (90%: {F(result.Base.Lower)}-{F(result.Base.Upper)}); {result.Points.Count} points");
            foreach (var p in result.Best.Take(5))
                Console.WriteLine($"  {Describe(p.Design)}: {F(p.Life.P50)} cycles (90%: {F(p.Life.Lower)}-{F(p.Life.Upper)}), P(beats base) {p.ProbabilityBeatsBase:0.00}");
            foreach (var s in result.Suggestions)
                Console.WriteLine($"suggest ({s.Strategy}): {Describe(s.Design)} — {s.Reason}");
            if (parse.GetValue(output) is { } csv)
            {
                var text = new StringBuilder("coating,coating_thickness_nm,electrolyte,c_rate,temperature_C,eol80_p50,eol80_lower90,eol80_upper90,p_beats_base,literature_studies,extrapolated\n");
                foreach (var p in result.Points)
                    text.Append(CultureInfo.InvariantCulture, $"{CsvReader.Escape(p.Design.Coating)},{p.Design.CoatingThicknessNm},{CsvReader.Escape(p.Design.Electrolyte)},{p.Design.CRate},{p.Design.TemperatureC},{F(p.Life.P50)},{F(p.Life.Lower)},{F(p.Life.Upper)},{p.ProbabilityBeatsBase:0.###},{p.Evidence.LiteratureStudies},{p.Evidence.Extrapolated}\n");
                await File.WriteAllTextAsync(csv.FullName, text.ToString(), ct);
                Console.WriteLine($"wrote {result.Points.Count} points to {csv.FullName}");
            }
            return 0;
        }));
        return command;
    }

    static string Describe(CellDesign d) =>
        $"{d.Coating}{(d.CoatingThicknessNm is { } t ? $" {t.ToString(CultureInfo.InvariantCulture)} nm" : "")} / {d.Electrolyte}" +
        (d.TemperatureC is { } c ? $" / {c.ToString(CultureInfo.InvariantCulture)} °C" : "") + (d.CRate is { } r ? $" / {r.ToString(CultureInfo.InvariantCulture)}C" : "");

    static (string Key, string Value) Pair(string text, string option)
    {
        var at = text.IndexOf('=');
        if (at <= 0) throw new FormatException($"{option}: '{text}' is not KEY=VALUE.");
        return (text[..at].Trim(), text[(at + 1)..].Trim());
    }
}
