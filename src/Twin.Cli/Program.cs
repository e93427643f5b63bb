using System.CommandLine;
using Twin.Cli.Commands;

// The command table: one line per command (`twin --help` lists them in this order).
var root = new RootCommand("Twin: battery cell digital twins and lifetime forecasts from the shell.")
{
    TrainCommand.Create(),
    PredictCommand.Create(),
    EvaluateCommand.Create(),
    ImportCommand.Create(),
    InspectCommand.Create(),
    ForecastCommand.Create(),
    CellsCommand.Create(),
    BackupCommand.CreateBackup(),
    BackupCommand.CreateRestore(),
    KeysCommand.Create(),
    WhatIfCommand.CreateWhatIf(),
    WhatIfCommand.CreateSweep(),
    ModelsCommand.CreateRetrain(),
    ModelsCommand.CreateModels(),
};
return await CliOptions.Invoke(root, args.Length == 0 ? ["--help"] : args);
