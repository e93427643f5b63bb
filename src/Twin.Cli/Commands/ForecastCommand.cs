using System.CommandLine;
using System.Globalization;
using Twin.Core.Fade;
using Twin.Core.Twins;
using Twin.Ml.Models;
using Twin.Ml.Prediction;
using Twin.Ml.Training;

namespace Twin.Cli.Commands;

/// <summary>
/// `twin forecast`: the cell twin over many cells from files, for evaluation. With reference
/// cells (complete histories of this lab's earlier cells) a design model is first retrained on
/// the shipped data plus them, as retraining would, so the priors and the twin's interval scale
/// reflect this lab.
/// </summary>
internal static class ForecastCommand
{
    public static readonly string[] OutputColumns = ["cell_id", "cycles_observed", "soh_now", "eol_p50", "eol_lo90", "eol_hi90", "rul_p50"];

    public static Command Create()
    {
        var cells = new Option<FileInfo>("--cells") { Description = "cells.csv: cell_id plus design columns and optional metadata.", Required = true };
        var cycles = new Option<FileInfo>("--cycles") { Description = "cycles.csv: cell_id,cycle,discharge_capacity_Ah.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write forecasts.csv.", Required = true };
        var referenceCells = new Option<FileInfo?>("--reference-cells") { Description = "Earlier cells of the same lab (same format as --cells), with complete histories." };
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
            cells, cycles, output, referenceCells, referenceCycles, threshold, data, models, name,
        };
        command.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            var eol = EolThreshold.Parse(parse.GetValue(threshold)!);
            var inputs = CellCsv.ReadCells(parse.GetValue(cells)!.FullName);
            var histories = CellCsv.ReadCycles(parse.GetValue(cycles)!.FullName, inputs);
            var (refCells, refCycles) = (parse.GetValue(referenceCells), parse.GetValue(referenceCycles));
            if ((refCells is null) != (refCycles is null)) throw new FormatException("--reference-cells and --reference-cycles go together.");

            using var forecaster = refCells is null
                ? DesignForecaster.Load(parse.GetValue(models)!.FullName, parse.GetValue(name)!)
                : Retrain(parse.GetValue(data)!.FullName, refCells.FullName, refCycles!.FullName, ct);
            var priors = forecaster.Predict(inputs.Select(c => c.Design).ToArray(), ct);
            var calibration = forecaster.Card.TwinCalibration;
            var forecasts = new TwinForecast[inputs.Count];
            Parallel.For(0, inputs.Count, new ParallelOptions { CancellationToken = ct }, i =>
            {
                var history = CapacityHistory.FromCapacities(histories.GetValueOrDefault(inputs[i].CellId) ?? []);
                forecasts[i] = TwinForecaster.Forecast(history, priors[i].ToTwinPrior(), eol, calibration, inputs[i].NominalCapacityAh);
            });

            var target = parse.GetValue(output)!.FullName;
            var tmp = target + ".tmp";
            await using (var writer = new StreamWriter(tmp))
            {
                await writer.WriteLineAsync(string.Join(",", OutputColumns));
                for (var i = 0; i < inputs.Count; i++)
                {
                    var f = forecasts[i];
                    var i90 = f.Eol(0.90);
                    await writer.WriteLineAsync(string.Join(",", Core.Csv.CsvReader.Escape(inputs[i].CellId), f.CyclesObserved.ToString(CultureInfo.InvariantCulture),
                        F(f.SohNow, "0.####"), F(f.EolP50), F(i90.Lower), F(i90.Upper), F(f.RulP50)));
                }
            }
            File.Move(tmp, target, overwrite: true);
            Console.WriteLine($"wrote {inputs.Count} forecasts to {target} (model {forecaster.Card.Version}, end of life at {eol})");
            return 0;
        }));
        return command;
    }

    static string F(double v, string format = "0.#") => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Trains a design model on the shipped data plus the reference cells, in memory, through the same gate as `twin train`.</summary>
    static DesignForecaster Retrain(string dataFolder, string cellsPath, string cyclesPath, CancellationToken ct)
    {
        var references = CellCsv.ReadCells(cellsPath);
        var histories = CellCsv.ReadCycles(cyclesPath, references);
        var units = references
            .Select(c => TrainingData.TryCellUnit("reference", c.CellId, c.Design, histories.GetValueOrDefault(c.CellId) ?? []))
            .OfType<TrainingUnit>().ToArray();
        if (units.Length == 0) throw new FormatException("no reference cell has enough cycles (at least 7) to learn from.");
        var set = TrainingData.Load(dataFolder, units);
        var options = new TrainingOptions();
        var trained = new DesignModelTrainer(options).Train(set, ct);
        var version = $"reference-{set.DataHash[7..15]}";
        var (onnx, agreement) = ModelExporter.Export(trained, set, version);
        Console.Error.WriteLine($"retrained with {units.Length} reference cells ({units.Count(u => u.IsExact)} reached end of life) in {trained.Elapsed.TotalSeconds:0.0} s");
        return new DesignForecaster(onnx, ModelCard.For("reference", version, onnx, agreement, set, dataFolder, trained, options));
    }
}
