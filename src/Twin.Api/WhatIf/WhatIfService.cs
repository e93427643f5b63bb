using Microsoft.Extensions.Options;
using Twin.Actors.Cells;
using Twin.Api.Models;
using Twin.Core.Designs;
using Twin.Core.WhatIf;
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
/// Runs what-ifs and sweeps on the served design model: cells read page by page through the
/// store's own filters, their twins' stored states in bulk (no grain is activated), and one
/// batched ONNX Runtime call for all distinct designs.
/// </summary>
public sealed class WhatIfService(ICellStore cells, IGrainStateStore states, ModelRegistry models, EvidenceIndex evidence)
{
    const int Page = CellQuery.MaxLimit;

    public DesignForecaster Model => models.Current;

    /// <summary>The selected cells with their stored calibrations; more than <paramref name="max"/> is an error for the caller.</summary>
    public async Task<List<WhatIfCell>> SelectAsync(CellSelectionDto selection, int max, CancellationToken ct)
    {
        var selected = new List<WhatIfCell>();
        if (selection.Ids is { Length: > 0 } ids)
        {
            foreach (var id in ids.Distinct(StringComparer.Ordinal))
                if (await cells.GetCellAsync(id, ct) is { } row && Matches(row, selection)) selected.Add(new WhatIfCell(row.CellId, row.Design, null));
        }
        else
        {
            string? after = null;
            while (selected.Count <= max)
            {
                var page = await cells.ListCellsAsync(new CellQuery(selection.Tags, selection.Electrode, selection.Coating, selection.Electrolyte, after, Page, selection.Q), ct);
                selected.AddRange(page.Select(r => new WhatIfCell(r.CellId, r.Design, null)));
                if (page.Count < Page) break;
                after = page[^1].CellId;
            }
        }
        if (selected.Count > max) return selected;
        for (var from = 0; from < selected.Count; from += Page)
        {
            var chunk = selected.GetRange(from, Math.Min(Page, selected.Count - from));
            var stored = await states.ReadManyAsync(StoredCellTwins.GrainType, chunk.Select(c => c.CellId).ToArray(), ct);
            for (var k = 0; k < chunk.Count; k++)
                if (stored.TryGetValue(chunk[k].CellId, out var json) && Calibration(json) is { } cal)
                    selected[from + k] = chunk[k] with { Calibration = cal };
        }
        return selected;
    }

    static bool Matches(CellRow row, CellSelectionDto s) =>
        (s.Electrode is null || row.Design.Electrode == s.Electrode) && (s.Coating is null || row.Design.Coating == s.Coating)
        && (s.Electrolyte is null || row.Design.Electrolyte == s.Electrolyte)
        && (s.Tags is null || s.Tags.All(t => row.Tags.TryGetValue(t.Key, out var v) && v == t.Value));

    /// <summary>A twin's fit as a calibration: its median EOL80, the spread of its 90% interval, its exponent.</summary>
    static CellCalibration? Calibration(string json)
    {
        var s = StoredCellTwins.Parse(json);
        if (s is not { Eol80: > 0, Exponent: > 0, ModelVersion: not null }) return null;
        var sd = s is { EolLo90: > 0, EolHi90: > 0 } && s.EolHi90 > s.EolLo90 ? Math.Log(s.EolHi90.Value / s.EolLo90.Value) / (2 * Normal.Z90) : 0.0;
        return new CellCalibration(Math.Log(s.Eol80.Value), sd, s.Exponent.Value, s.FittedAt, s.Stale);
    }

    /// <summary>The served model's answers for designs, in one batched call.</summary>
    public IReadOnlyList<DesignPoint> Predict(IReadOnlyList<CellDesign> designs, CancellationToken ct) => models.Current.Predict(designs, evidence, ct);

    public DesignEvidence Evidence(CellDesign design, int labCells) => evidence.For(design, labCells);
}

public static class WhatIfExtensions
{
    public static IServiceCollection AddTwinWhatIf(this IServiceCollection services)
    {
        services.AddOptions<WhatIfOptions>().BindConfiguration(WhatIfOptions.Section);
        services.AddSingleton(sp =>
        {
            var file = Path.Combine(AppContext.BaseDirectory, "literature", "coatings.csv");
            var coatings = sp.GetRequiredService<ModelRegistry>().Current.Card.KnownCoatings;
            return File.Exists(file) ? EvidenceIndex.Load(file, coatings) : new EvidenceIndex([], coatings);
        });
        services.AddSingleton<WhatIfService>();
        return services;
    }
}
