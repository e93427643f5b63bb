using System.CommandLine;
using System.Text.Json.Nodes;
using Twin.Cli.Output;
using Twin.Core.Fade;
using Twin.Import;

namespace Twin.Cli.Commands;

/// <summary>
/// `twin inspect FILE [--format NAME]`: what Twin reads from a cycler export before anything is
/// stored — the format and why, the columns mapped to each quantity, the warnings, and one row
/// per cycle with its capacities and the SOH the twin would see (over the median of the first five
/// valid cycles, spikes flagged as the twin flags them). Reads the file only; no server, no database.
/// </summary>
internal static class InspectCommand
{
    static readonly string[] CycleColumns =
    [
        "cycle", "discharge_capacity_Ah", "charge_capacity_Ah", "coulombic_efficiency", "soh", "outlier",
        "discharge_energy_Wh", "charge_energy_Wh", "mean_temperature_C", "duration_s",
    ];

    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The cycler export to read." };
        var format = new Option<string?>("--format") { Description = $"Skip detection and read as this format: {CyclerFormats.SupportedList}." };
        var output = OutputOption.Create();
        var command = new Command("inspect", "Show how a cycler export is read: format, columns, warnings and a per-cycle summary (nothing is stored).")
        {
            file, format, output,
        };
        command.SetAction((parse, ct) => CliOptions.Run(() =>
        {
            CyclerFormat? given = null;
            if (parse.GetValue(format) is { } name && !CyclerFormats.TryParse(name, out given))
                throw new FormatException($"--format '{name}' is not a cycler format; use one of: {CyclerFormats.SupportedList}.");
            var f = parse.GetValue(file)!;
            if (!f.Exists) throw new FormatException($"FILE '{f.FullName}' does not exist.");

            ImportResult import;
            using (var stream = Progress.ReadingFile(File.OpenRead(f.FullName), $"reading {f.Name}"))
                import = CyclerFileImporter.ReadCycles(stream, f.Name, given, ct);
            var columns = CyclerColumns.Describe(f.FullName, import.Format);
            var cycles = Cycles(import);
            Write(parse.GetValue(output), f.Name, import, columns, cycles);
            return Task.FromResult(0);
        }));
        return command;
    }

    static ResultTable Cycles(ImportResult import)
    {
        var history = CapacityHistory.FromCapacities(import.Cycles.Select(c => (c.Cycle, c.DischargeCapacityAh)));
        var soh = history.Points.GroupBy(p => p.Cycle).ToDictionary(g => g.Key, g => g.First());
        var table = new ResultTable(CycleColumns);
        foreach (var c in import.Cycles)
        {
            var point = soh.TryGetValue(c.Cycle, out var p) ? p : (SohPoint?)null;
            table.Add(c.Cycle, c.DischargeCapacityAh, c.ChargeCapacityAh, c.CoulombicEfficiency, point?.Soh, point?.IsOutlier,
                c.DischargeEnergyWh, c.ChargeEnergyWh, c.MeanTemperatureC, c.DurationSeconds);
        }
        return table;
    }

    static void Write(OutputFormat output, string file, ImportResult import, IReadOnlyList<ColumnMapping> columns, ResultTable cycles)
    {
        if (output == OutputFormat.Json)
        {
            var mapped = new JsonObject();
            foreach (var c in columns) mapped[c.Quantity] = c.Column;
            var o = new JsonObject
            {
                ["file"] = file,
                ["format"] = import.Format.Name(),
                ["detection_reason"] = import.DetectionReason,
                ["columns"] = mapped,
                ["warnings"] = new JsonArray([.. import.Warnings.Select(w => (JsonNode)JsonValue.Create(w))]),
                ["cycles"] = cycles.ToJson(),
            };
            ResultTable.WriteJson(o);
            return;
        }
        // The summary goes to stdout with a table and to stderr with CSV, so the CSV stays one table.
        var info = output == OutputFormat.Table ? Console.Out : Console.Error;
        info.WriteLine($"file: {file}");
        info.WriteLine($"format: {import.Format.Name()} ({import.DetectionReason})");
        info.WriteLine(columns.Count > 0
            ? $"columns: {string.Join(", ", columns.Select(c => $"{c.Quantity} <- '{c.Column}'"))}"
            : "columns: fixed by the format's layout");
        info.WriteLine($"cycles: {import.Cycles.Count}");
        foreach (var w in import.Warnings) info.WriteLine($"warning: {w}");
        if (output == OutputFormat.Table) Console.WriteLine();
        cycles.Write(output);
    }
}
