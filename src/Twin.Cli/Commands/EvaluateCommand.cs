using System.CommandLine;
using Twin.Ml.Training;

namespace Twin.Cli.Commands;

/// <summary>
/// `twin evaluate`: grouped cross-validation of the design model beside the baselines; with
/// --twins, the design-prior cell twin on whole held-out datasets cut at 20/40/60/80% of life and
/// at 100 cycles. That is a cross-dataset question, not the one a lab asks (its own earlier cells
/// as references), so it no longer writes docs/accuracy.md, which holds the lab benchmark.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var data = CliOptions.Data();
        var twins = new Option<bool>("--twins") { Description = "Evaluate the cell twins on truncated held-out histories instead of the design model." };
        var output = new Option<FileInfo?>("--out") { Description = "With --twins: also write the markdown report to this file." };
        var command = new Command("evaluate", "Cross-validate on held-out groups and print accuracy and interval coverage beside the baselines.")
        {
            data, twins, output,
        };
        command.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            var set = TrainingData.Load(parse.GetValue(data)!.FullName);
            if (!parse.GetValue(twins))
            {
                var trained = new DesignModelTrainer(new TrainingOptions { CompareTreesOnLiterature = true }).Train(set, ct);
                ReportTable.Print(trained.CrossValidation);
                if (trained.Literature is { } literature)
                {
                    Console.WriteLine();
                    ReportTable.Print(literature);
                }
                return 0;
            }
            var trainer = new DesignModelTrainer(new TrainingOptions());
            var report = trainer.EvaluateTwins(set, ct);
            var markdown = AccuracyReport.Markdown(report, set.DataHash);
            Console.Write(markdown);
            if (parse.GetValue(output)?.FullName is { } target)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await File.WriteAllTextAsync(target, markdown, ct);
                Console.WriteLine($"\nwrote {target}");
            }
            return 0;
        }));
        return command;
    }
}
