using System.CommandLine;
using Twin.Cli.Output;
using Twin.Core.Fade;
using Twin.Core.Fleet;
using Twin.Core.Twins;
using Twin.Ml.Prediction;

namespace Twin.Cli.Commands;

/// <summary>
/// `twin forecast`: end-of-life forecasts of many cells from files. With reference cells (this
/// lab's earlier cells, finished or running) the fleet level learns from them — a metadata prior,
/// the similarity to their trajectories, intervals calibrated on their own held-out cuts; without
/// them the design model's prior and the cell twin answer, and the command says so.
/// </summary>
internal static class ForecastCommand
{
    public static readonly string[] OutputColumns = ["cell_id", "cycles_observed", "soh_now", "eol_p50", "eol_lo90", "eol_hi90", "rul_p50", "resemblance", "basis"];

    public static Command Create()
    {
        var cells = new Option<FileInfo>("--cells") { Description = "cells.csv: cell_id plus design columns and optional metadata.", Required = true };
        var cycles = new Option<FileInfo>("--cycles") { Description = "cycles.csv: cell_id,cycle,discharge_capacity_Ah (+ suspect_outlier).", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "Where to write forecasts.csv (without it, the forecasts are printed as --output says)." };
        var format = OutputOption.Create();
        var referenceCells = new Option<FileInfo?>("--reference-cells") { Description = "Earlier cells of the same lab (same format as --cells), finished or still running." };
        var referenceCycles = new Option<FileInfo?>("--reference-cycles") { Description = "Their cycles (same format as --cycles)." };
        var threshold = new Option<string>("--eol-threshold")
        {
            Description = "End of life: a fraction of the initial capacity (0.8) or an absolute capacity (0.88Ah).",
            DefaultValueFactory = _ => "0.8",
        };
        var data = CliOptions.Data();
        var models = CliOptions.Models();
        var name = CliOptions.Name();
        var command = new Command("forecast", "Forecast end of life and remaining life of many cells from their cycles, with 90% intervals.")
        {
            cells, cycles, output, format, referenceCells, referenceCycles, threshold, data, models, name,
        };
        command.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            var eol = EolThreshold.Parse(parse.GetValue(threshold)!);
            var (refCells, refCycles) = (parse.GetValue(referenceCells), parse.GetValue(referenceCycles));
            if ((refCells is null) != (refCycles is null)) throw new FormatException("--reference-cells and --reference-cycles go together.");
            var warnings = new List<string>();
            var inputs = CellCsv.ReadCells(parse.GetValue(cells)!.FullName, warnings, validateDesign: refCells is null);
            var histories = CellCsv.ReadCycles(parse.GetValue(cycles)!.FullName, inputs, warnings);

            FleetModel? fleet = null;
            if (refCells is not null)
            {
                var references = CellCsv.ReadCells(refCells.FullName, warnings, validateDesign: false);
                var refHistories = CellCsv.ReadCycles(refCycles!.FullName, references, warnings);
                var fleetCells = references.Select(c => new FleetCell(c.CellId, c.Metadata, refHistories.GetValueOrDefault(c.CellId) ?? [])).ToArray();
                try { fleet = ReferenceFleet.Fit(fleetCells, eol, ct: ct); }
                catch (ArgumentException e) { warnings.Add($"the reference cells cannot be learned from ({e.Message.Split(" (Parameter")[0]}); falling back to the design model."); }
                if (fleet is not null)
                {
                    warnings.AddRange(fleet.Warnings);
                    Console.Error.WriteLine($"fleet: {fleet.Description}");
                }
            }
            foreach (var w in warnings) Console.Error.WriteLine($"warning: {w}");

            var rows = fleet is not null
                ? FleetRows(fleet, inputs, histories, eol, ct)
                : DesignRows(parse.GetValue(models)!.FullName, parse.GetValue(name)!, inputs, histories, eol, ct);

            var source = fleet is not null ? $"fleet of {fleet.ReferenceCount} reference cells" : "design model alone (no reference cells)";
            if (parse.GetValue(output) is not { } file)
            {
                rows.Write(parse.GetValue(format));
                Console.Error.WriteLine($"{inputs.Count} forecasts ({source}, end of life at {eol})");
                return 0;
            }
            var target = file.FullName;
            var tmp = target + ".tmp";
            await using (var writer = new StreamWriter(tmp))
                rows.Write(OutputFormat.Csv, writer);
            File.Move(tmp, target, overwrite: true);
            Console.WriteLine($"wrote {inputs.Count} forecasts to {target} ({source}, end of life at {eol})");
            return 0;
        }));
        return command;
    }

    static ResultTable FleetRows(FleetModel fleet, List<CellInput> inputs, Dictionary<string, List<CycleReading>> histories, EolThreshold eol, CancellationToken ct)
    {
        var rows = new object?[inputs.Count][];
        using var progress = Progress.Start("forecasting", inputs.Count);
        Parallel.For(0, inputs.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var f = fleet.Forecast(inputs[i].Metadata, histories.GetValueOrDefault(inputs[i].CellId) ?? [], eol);
            rows[i] = Row(inputs[i].CellId, f.CyclesObserved, f.SohNow, f.EolP50, f.EolLo90, f.EolHi90, f.RulP50, Round(f.Resemblance, 3), f.Basis);
            progress.Increment();
        });
        return Table(rows);
    }

    static ResultTable DesignRows(string models, string name, List<CellInput> inputs, Dictionary<string, List<CycleReading>> histories, EolThreshold eol, CancellationToken ct)
    {
        Console.Error.WriteLine("no reference cells: the forecasts rest on the design model's prior and each cell's own curve.");
        using var forecaster = DesignForecaster.Load(models, name);
        var priors = forecaster.Predict(inputs.Select(c => c.Design).ToArray(), ct);
        var calibration = forecaster.Card.TwinCalibration;
        var rows = new object?[inputs.Count][];
        using var progress = Progress.Start("forecasting", inputs.Count);
        Parallel.For(0, inputs.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var readings = histories.GetValueOrDefault(inputs[i].CellId) ?? [];
            var history = CapacityHistory.FromCapacities(readings.Where(r => !r.Flagged).Select(r => (r.Cycle, r.CapacityAh)));
            var f = TwinForecaster.Forecast(history, priors[i].ToTwinPrior(), eol, calibration, inputs[i].NominalCapacityAh);
            var i90 = f.Eol(0.90);
            rows[i] = Row(inputs[i].CellId, f.CyclesObserved, f.SohNow, f.EolP50, i90.Lower, i90.Upper, f.RulP50, null, $"design model {forecaster.Card.Version}");
            progress.Increment();
        });
        return Table(rows);
    }

    static ResultTable Table(object?[][] rows)
    {
        var table = new ResultTable(OutputColumns);
        foreach (var r in rows) table.Add(r);
        return table;
    }

    /// <summary>Cycles to a tenth, SOH to four decimals: the precision the forecasts carry.</summary>
    static object?[] Row(string id, int observed, double soh, double p50, double lo, double hi, double rul, double? resemblance, string basis) =>
        [id, observed, Round(soh, 4), Round(p50, 1), Round(lo, 1), Round(hi, 1), Round(rul, 1), resemblance, basis];

    static double? Round(double v, int digits) => double.IsFinite(v) ? Math.Round(v, digits) : null;
}
