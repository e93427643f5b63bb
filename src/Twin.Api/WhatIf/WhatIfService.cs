using Twin.Actors.Cells;
using Twin.Api.Models;
using Twin.Core.Designs;
using Twin.Core.WhatIf;
using Twin.Ml.Inference;
using Twin.Ml.Prediction;
using Twin.Storage;

namespace Twin.Api.WhatIf;

/// <summary>Limits of fleet studies, bound from "Twin:WhatIf".</summary>
public sealed class WhatIfOptions
{
    public const string Section = "Twin:WhatIf";
    /// <summary>Most cells one what-if may select.</summary>
    public int MaxCells { get; set; } = 2_000_000;
    /// <summary>Most cells listed in a JSON answer (the CSV has them all).</summary>
    public int MaxCellsListed { get; set; } = 1000;
    /// <summary>Most design points in one sweep.</summary>
    public int MaxSweepPoints { get; set; } = 10_000;
}

/// <summary>
/// Runs what-ifs and sweeps on the served design model: cells and their twins' stored states in
/// one streamed query through the store's own filters (no grain is activated), and one
/// batched ONNX Runtime call for all distinct designs.
/// </summary>
public sealed class WhatIfService(ICellStore cells, IGrainStateStore states, IDesignModelSource models, EvidenceIndex evidence)
{
    /// <summary>The serving model, leased for a whole study: one version answers it even if another is promoted meanwhile.</summary>
    public ModelLease<DesignForecaster> LeaseModel() => models.Acquire();

    /// <summary>The selected cells with their stored calibrations; more than <paramref name="max"/> is an error for the caller.</summary>
    public Task<List<WhatIfCell>> SelectAsync(CellSelectionDto s, int max, CancellationToken ct) =>
        StoredFleet.ReadAsync(cells, states, new CellQuery(s.Tags, s.Electrode, s.Coating, s.Electrolyte, Search: s.Q), s.Ids, max, ct);

    /// <summary>A model's answers for designs, in one batched call (the caller holds one version for a whole study).</summary>
    public IReadOnlyList<DesignPoint> Predict(DesignForecaster model, IReadOnlyList<CellDesign> designs, CancellationToken ct) => model.Predict(designs, evidence, ct);

    public DesignEvidence Evidence(CellDesign design, int labCells) => evidence.For(design, labCells);

    /// <summary>Most tested designs a sweep compares with (distinct designs of the base's electrode in the store).</summary>
    public const int MaxTestedDesigns = 1000;

    /// <summary>The designs the lab has cells of on this electrode: a sweep's expected improvement is over the best of them.</summary>
    public Task<IReadOnlyList<CellDesign>> TestedDesignsAsync(string electrode, CancellationToken ct) => cells.ListDesignsAsync(electrode, MaxTestedDesigns, ct);

    /// <summary>
    /// The lab's own registered cells per (coating class, electrode class), from one grouped query
    /// over the whole store (not only the selection): the classes are inferred from the names the
    /// same way the model and the literature table infer them.
    /// </summary>
    public async Task<Func<CellDesign, int>> LabCellsAsync(CancellationToken ct)
    {
        var byClass = new Dictionary<(string, string), long>();
        foreach (var c in await cells.CountCellsByCoatingAsync(ct))
        {
            var design = new CellDesign(c.Electrode, c.Coating, c.CoatingClass, null, null, "", null, null, null, null, ElectrodeClass: c.ElectrodeClass);
            var key = (DesignCatalog.CoatingClassOf(design), DesignCatalog.ElectrodeClassOf(design));
            byClass[key] = byClass.GetValueOrDefault(key) + c.Cells;
        }
        return d => (int)Math.Min(int.MaxValue, byClass.GetValueOrDefault((DesignCatalog.CoatingClassOf(d), DesignCatalog.ElectrodeClassOf(d))));
    }
}

public static class WhatIfExtensions
{
    public static IServiceCollection AddTwinWhatIf(this IServiceCollection services)
    {
        services.AddOptions<WhatIfOptions>().BindConfiguration(WhatIfOptions.Section);
        services.AddSingleton(sp =>
        {
            var file = Path.Combine(AppContext.BaseDirectory, "literature", "coatings.csv");
            var coatings = sp.GetRequiredService<IDesignModelSource>().Card.KnownCoatings;
            return File.Exists(file) ? EvidenceIndex.Load(file, coatings) : new EvidenceIndex([], coatings);
        });
        services.AddSingleton<WhatIfService>();
        return services;
    }
}
