using System.CommandLine;
using Twin.Ml.Training;

namespace Twin.Cli.Commands;

/// <summary>`twin evaluate`: grouped cross-validation of the design model beside the baselines, on the current data.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var data = CliOptions.Data();
        var command = new Command("evaluate", "Cross-validate the design model on held-out groups and print EOL MAPE, retention MAE and interval coverage beside the baselines.")
        {
            data,
        };
        command.SetAction((parse, ct) => CliOptions.Run(() =>
        {
            var set = TrainingData.Load(parse.GetValue(data)!.FullName);
            var trained = new DesignModelTrainer(new TrainingOptions()).Train(set, ct);
            ReportTable.Print(trained.CrossValidation);
            return Task.FromResult(0);
        }));
        return command;
    }
}
