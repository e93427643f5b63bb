using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Twin.Import;

namespace Twin.Benchmarks.Import;

/// <summary>
/// Parse-and-summarise throughput of a synthetic Arbin-like CSV (written once to a temp file).
/// The "Rows/s" column is rows divided by the mean time; the requirement is ≥ 1,000,000 rows/s.
/// Run: dotnet run -c Release --project bench/Twin.Benchmarks -- --filter '*ImportThroughput*'
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RowsPerSecondConfig))]
public class ImportThroughputBenchmark
{
    private string _path = "";

    [Params(1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"twin-bench-arbin-{Rows}.csv");
        if (!File.Exists(_path))
        {
            SyntheticArbinCsv.Write(_path, Rows);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark]
    public int ParseAndSummarise() => CyclerFileImporter.ReadCycles(_path, CyclerFormat.ArbinCsv).Cycles.Count;

    private sealed class RowsPerSecondConfig : ManualConfig
    {
        public RowsPerSecondConfig() => AddColumn(new RowsPerSecondColumn());
    }

    private sealed class RowsPerSecondColumn : IColumn
    {
        public string Id => "RowsPerSecond";
        public string ColumnName => "Rows/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Time-series rows parsed and summarised per second (rows / mean time)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is not { } stats)
            {
                return "n/a";
            }

            int rows = (int)benchmarkCase.Parameters["Rows"];
            return (rows / (stats.Mean / 1e9)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
    }
}
