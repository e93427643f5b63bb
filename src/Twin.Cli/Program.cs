using System.CommandLine;
using Twin.Cli.Commands;

var root = new RootCommand("Twin: battery cell digital twins and lifetime forecasts from the shell.")
{
    TrainCommand.Create(),
    PredictCommand.Create(),
    EvaluateCommand.Create(),
    ImportCommand.Create(),
    ForecastCommand.Create(),
    BackupCommand.CreateBackup(),
    BackupCommand.CreateRestore(),
    ModelsCommand.CreateRetrain(),
    ModelsCommand.CreateModels(),
};
return await root.Parse(args).InvokeAsync();
