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
    KeysCommand.Create(),
    WhatIfCommand.CreateWhatIf(),
    WhatIfCommand.CreateSweep(),
};
return await root.Parse(args).InvokeAsync();
