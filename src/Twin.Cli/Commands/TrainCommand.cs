using Twin.Cli.Output;
using System.CommandLine;
using Twin.Ml.Models;
using Twin.Ml.Training;

namespace Twin.Cli.Commands;

/// <summary>`twin train`: data → XGBoost → ONNX (gated) → model card, replacing the model only on success.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = CliOptions.Data();
        var models = CliOptions.Models();
        var name = CliOptions.Name();
        var rounds = new Option<int>("--rounds") { Description = "Boosting rounds per model.", DefaultValueFactory = _ => new TrainingOptions().Rounds };
        var command = new Command("train", "Train the design model from the training data and export it as ONNX with its model card.")
        {
            data, models, name, rounds,
        };
        command.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            var r = parse.GetValue(rounds);
            if (r is < 1 or > 5000) throw new FormatException($"--rounds must be between 1 and 5000; got {r}.");
            var options = new TrainingOptions { Rounds = r, CompareTreesOnLiterature = true };
            var set = TrainingData.Load(parse.GetValue(data)!.FullName);
            TrainedDesignModel trained;
            using (Progress.Ticking("training")) // the trainer reports no fraction done: elapsed time only
                trained = new DesignModelTrainer(options).Train(set, ct);
            var version = $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}-{set.DataHash[7..15]}";
            var (onnx, agreement) = ModelExporter.Export(trained, set, version);
            var folder = parse.GetValue(models)!.FullName;
            var modelName = parse.GetValue(name)!;
            var card = ModelCard.For(modelName, version, onnx, agreement, set, parse.GetValue(data)!.FullName, trained, options);
            ModelFiles.Save(folder, modelName, onnx, card);
            Console.WriteLine($"trained {modelName} {version} on {trained.Summary.Units} units ({trained.Summary.LiteratureUnits} literature, {trained.Summary.ExactLabels} exact, {trained.Summary.RightCensored} censored, {trained.Summary.IntervalLabels} interval) in {trained.Elapsed.TotalSeconds:0.0} s");
            Console.WriteLine($"ONNX Runtime vs XGBoost: max relative difference {agreement:E2} (gate {ModelExporter.AgreementTolerance:E0})");
            Console.WriteLine($"wrote {ModelFiles.OnnxPath(folder, modelName)} and {ModelFiles.CardPath(folder, modelName)}");
            Console.WriteLine();
            ReportTable.Print(trained.CrossValidation);
            if (trained.Literature is { } literature)
            {
                Console.WriteLine();
                ReportTable.Print(literature);
            }
            return 0;
        }));
        return command;
    }
}
