using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Twin.Core.Cycles;

namespace Twin.Benchmarks.Storage;

/// <summary>
/// `dotnet run -c Release --project bench/Twin.Benchmarks -- --filter *CycleIngestion*`.
/// Times are per record (OperationsPerInvoke); records/s = 1e9 / ns. Each invocation writes
/// into a fresh database, so Monitoring (one invocation per iteration) is the honest strategy.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
[MemoryDiagnoser]
public class CycleIngestionBenchmarks
{
    private const int Cells = 100;
    private const int CyclesPerCell = 1000;
    private const int Records = Cells * CyclesPerCell;
    private IReadOnlyList<CycleRecord> _rows = [];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "twin-bench-ingest-bdn");
    private Twin.Storage.Sqlite.SqliteStore? _store;
    private string _path = "";

    [Params(10_000)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup() => _rows = CycleIngestion.Rows(Cells, CyclesPerCell);

    [IterationSetup(Target = nameof(AppendAsync))]
    public void FreshStore() => _store = CycleIngestion.FreshStoreAsync(_directory, _rows).GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(RawInsertLoop))]
    public void FreshFile()
    {
        using var store = CycleIngestion.FreshStoreAsync(_directory, _rows).GetAwaiter().GetResult();
        _path = store.DataSource;
    }

    [IterationCleanup(Target = nameof(AppendAsync))]
    public void CloseStore() => _store?.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Records)]
    public void RawInsertLoop() => CycleIngestion.RawInsertLoop(_path, _rows);

    [Benchmark(OperationsPerInvoke = Records)]
    public Task AppendAsync() => CycleIngestion.AppendInBatchesAsync(_store!, _rows, BatchSize);
}
