using Microsoft.Extensions.Options;
using Orleans;
using Twin.Actors.Cells;
using Twin.Core.Cycles;
using Twin.Storage;

namespace Twin.Api.Demo;

/// <summary>
/// Fills an empty store with the demo cells once the server has started (its silo is up, so each
/// cell's twin is told and fits): a few real public cells and the synthetic coated-cell fleet.
/// A store with any cell in it is never touched.
/// </summary>
public sealed partial class DemoSeeder(IOptions<DemoOptions> options, ICellStore cells, CellIngestion ingestion, IGrainFactory grains, IHostApplicationLifetime lifetime,
    TimeProvider time, ILogger<DemoSeeder> logger) : IHostedService
{
    public static string PublicCellsCsv => Path.Combine(AppContext.BaseDirectory, "Demo", "data", "public-cells.csv");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
            lifetime.ApplicationStarted.Register(() => _ = Task.Run(() => SeedAsync(lifetime.ApplicationStopping)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Seeds the demo cells if the store has none; returns how many cells were registered.</summary>
    public async Task<int> SeedAsync(CancellationToken ct)
    {
        try
        {
            if (await cells.CountCellsAsync(ct) > 0) return 0;
            var registered = 0;
            var publicCycles = PublicCells.ReadCycles(PublicCellsCsv);
            foreach (var c in PublicCells.Cells)
            {
                // One fleet per dataset: a CALCE cell's reference cells are CALCE cells, not LFP cells of another lab.
                var tags = new Dictionary<string, string> { ["fleet"] = $"public-{c.Dataset}", ["source"] = "public", ["dataset"] = c.Dataset, ["slice"] = c.Note };
                await RegisterAsync(c.CellId, c.Design, tags, c.NominalAh, publicCycles[c.CellId], ct);
                registered++;
            }
            foreach (var (id, group, cycles) in SyntheticFleet.Generate(options.Value.Seed))
            {
                var tags = new Dictionary<string, string> { ["fleet"] = "demo-synthetic", ["source"] = "synthetic", ["generator"] = "SyntheticFleet v1", ["group"] = group.Name };
                await RegisterAsync(id, SyntheticFleet.Design(group), tags, SyntheticFleet.Nominal, cycles, ct);
                registered++;
            }
            Log.Seeded(logger, registered);
            return registered;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Failed(logger, e);
            return 0;
        }
    }

    async Task RegisterAsync(string id, Twin.Core.Designs.CellDesign design, Dictionary<string, string> tags, double nominal, IReadOnlyList<CycleRecord> cycles, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await cells.UpsertCellAsync(new CellRow(id, design, tags, nominal, now, now), ct);
        await ingestion.IngestCellAsync(id, cycles.Select((c, i) => CycleRowInput.Parsed(i + 1, c)).ToArray(), ct);
        // Twins fit lazily, on the first read; read each once so the fleet table has its columns at once.
        await grains.GetGrain<ICellGrain>(id).GetStateAsync(ct);
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Demo data: {Count} cells registered in the empty store (Twin:Demo:Enabled=false turns this off).")]
        public static partial void Seeded(ILogger logger, int count);

        [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "Demo data could not be seeded.")]
        public static partial void Failed(ILogger logger, Exception e);
    }
}
