using BenchmarkDotNet.Running;
using Twin.Benchmarks.Forecasting;
using Twin.Benchmarks.Grains;
using Twin.Benchmarks.Storage;

// `measure <what>` prints figures and ratios measured in one run (see bench/README.md);
// anything else goes to BenchmarkDotNet (e.g. --filter '*CycleIngestion*').
if (args is ["measure", var what, ..])
{
    var repo = FindRepo();
    if (what is "prediction" or "all") PredictionMeasure.Run(Console.Out, Path.Combine(repo, "training-data"));
    if (what is "ort" or "all") OrtMeasure.Run(Console.Out, Path.Combine(repo, "models"));
    if (what is "ingestion" or "all") await CycleIngestion.MeasureAsync(Console.Out);
    // Needs the PostgreSQL test server: export TWIN_TEST_POSTGRES=$(bash scripts/postgres.sh twin_test)
    if (what is "ingestion-postgres") await PostgresCycleIngestion.MeasureAsync(Console.Out);
    if (what is "activations" or "all") await ActivationMemory.MeasureAsync(Console.Out);
    if (what is "twins" or "all")
        await TwinFleetMeasure.RunAsync(Console.Out, Path.Combine(repo, "models"), registered: args.Length > 2 ? int.Parse(args[2]) : 1_000_000);
    if (what is "whatif" or "all")
        await WhatIfMeasure.RunAsync(Console.Out, repo, registered: args.Length > 2 ? int.Parse(args[2]) : 1_000_000);
    // bench/retrain.sh: a store of N synthetic cells for the server's retraining job.
    if (what is "seed-retrain")
        await RetrainStoreSeed.RunAsync(Console.Out, args[2], args.Length > 3 ? int.Parse(args[3]) : 100_000);
    if (what is "fleet" or "all")
        ReferenceFleetMeasure.Run(Console.Out, args.Length > 2 ? int.Parse(args[2]) : 1000, args.Length > 3 ? int.Parse(args[3]) : 10_000);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

static string FindRepo()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Twin.sln"))) return dir.FullName;
    throw new InvalidOperationException("run the benchmarks from inside the repository");
}
