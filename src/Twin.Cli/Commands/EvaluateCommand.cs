using System.CommandLine;
using Twin.Ml.Training;

namespace Twin.Cli.Commands;

/// <summary>
/// `twin evaluate`: grouped cross-validation of the design model beside the baselines; with
/// --twins, the lab benchmark's protocol (../shared/eval) on the repository's own datasets: each
/// dataset's train cells are the fleet's reference cells, its test cells are forecast from their
/// first 100 cycles or from 20/40/60/80% of their life (never told which), beside the baselines.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var data = CliOptions.Data();
        var twins = new Option<bool>("--twins") { Description = "Evaluate the fleet forecasts on held-out cells of each dataset (the lab benchmark's protocol) instead of the design model." };
        var output = new Option<FileInfo?>("--out") { Description = "With --twins: also write the markdown report to this file." };
        var datasets = new Option<string[]>("--datasets") { Description = "With --twins: only these datasets (folder names under training-data/datasets).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("evaluate", "Cross-validate on held-out groups and print accuracy and interval coverage beside the baselines.")
        {
            data, twins, output, datasets,
        };
        command.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            if (parse.GetValue(twins))
            {
                var root = Path.Combine(parse.GetValue(data)!.FullName, "datasets");
                if (!Directory.Exists(root)) throw new InvalidDataException($"--data: no datasets folder at {root}.");
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var report = LabBenchmark.Run(root, Console.WriteLine, parse.GetValue(datasets), ct);
                Console.WriteLine(LabBenchmark.Summary(report));
                foreach (var t in report.Trajectories) Console.WriteLine(LabBenchmark.TrajectoryLine(t));
                if (parse.GetValue(output)?.FullName is { } target)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    await File.WriteAllTextAsync(target, AccuracyReport.Markdown(report, watch.Elapsed), ct);
                    Console.WriteLine($"wrote {target}");
                }
                return 0;
            }
            var set = TrainingData.Load(parse.GetValue(data)!.FullName);
            var trained = new DesignModelTrainer(new TrainingOptions { CompareTreesOnLiterature = true }).Train(set, ct);
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
