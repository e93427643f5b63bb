using System.Text.Json.Serialization;
using Twin.Api.Forecasts;
using Twin.Core.WhatIf;

namespace Twin.Api.WhatIf;

/// <summary>Which cells: the filters of GET /api/cells (exact design fields, tags, q), or explicit ids.</summary>
public sealed record CellSelectionDto
{
    [JsonPropertyName("ids")] public string[]? Ids { get; init; }
    [JsonPropertyName("electrode")] public string? Electrode { get; init; }
    [JsonPropertyName("coating")] public string? Coating { get; init; }
    [JsonPropertyName("electrolyte")] public string? Electrolyte { get; init; }
    [JsonPropertyName("tags")] public Dictionary<string, string>? Tags { get; init; }
    [JsonPropertyName("q")] public string? Q { get; init; }
}

/// <summary>The design fields a what-if may change; a missing field is kept as each cell has it.</summary>
public sealed record DesignChangeDto
{
    [JsonPropertyName("coating")] public string? Coating { get; init; }
    [JsonPropertyName("coating_class")] public string? CoatingClass { get; init; }
    [JsonPropertyName("coating_thickness_nm")] public double? CoatingThicknessNm { get; init; }
    [JsonPropertyName("coating_method")] public string? CoatingMethod { get; init; }
    [JsonPropertyName("electrolyte")] public string? Electrolyte { get; init; }
    [JsonPropertyName("electrolyte_class")] public string? ElectrolyteClass { get; init; }
    [JsonPropertyName("current_mA_g")] public double? CurrentMAg { get; init; }
    [JsonPropertyName("c_rate")] public double? CRate { get; init; }
    [JsonPropertyName("charge_c_rate")] public double? ChargeCRate { get; init; }
    [JsonPropertyName("temperature_C")] public double? TemperatureC { get; init; }

    public DesignChange ToChange() => new(Coating?.Trim(), CoatingClass?.Trim(), CoatingThicknessNm, CoatingMethod?.Trim(), Electrolyte?.Trim(),
        ElectrolyteClass?.Trim(), CurrentMAg, CRate, ChargeCRate, TemperatureC);
}

public sealed record WhatIfRequest
{
    [JsonPropertyName("selection")] public CellSelectionDto? Selection { get; init; }
    [JsonPropertyName("change")] public DesignChangeDto? Change { get; init; }
    /// <summary>Cycles a cell should reach: the share of cells that do, before and after.</summary>
    [JsonPropertyName("cycle_target")] public double? CycleTarget { get; init; }
    [JsonPropertyName("seed")] public int? Seed { get; init; }
}

public sealed record IntervalOut(
    [property: JsonPropertyName("p50")] double P50,
    [property: JsonPropertyName("lower90")] double Lower90,
    [property: JsonPropertyName("upper90")] double Upper90)
{
    public static IntervalOut From(Interval90 i) => new(Math.Round(i.P50, 1), Math.Round(i.Lower, 1), Math.Round(i.Upper, 1));
}

public sealed record WhatIfCellOut(
    [property: JsonPropertyName("cell_id")] string CellId,
    [property: JsonPropertyName("calibrated")] bool Calibrated,
    [property: JsonPropertyName("fitted_at")] DateTimeOffset? FittedAt,
    [property: JsonPropertyName("stale")] bool Stale,
    [property: JsonPropertyName("before")] IntervalOut Before,
    [property: JsonPropertyName("after")] IntervalOut After,
    [property: JsonPropertyName("change")] IntervalOut Change,
    [property: JsonPropertyName("p_after_longer")] double ProbabilityAfterLonger,
    [property: JsonPropertyName("extrapolated")] bool Extrapolated);

public sealed record EvidenceOut(
    [property: JsonPropertyName("design")] DesignDto Design,
    [property: JsonPropertyName("coating_class")] string CoatingClass,
    [property: JsonPropertyName("electrode_class")] string ElectrodeClass,
    [property: JsonPropertyName("literature_studies")] int LiteratureStudies,
    [property: JsonPropertyName("literature_rows")] int LiteratureRows,
    [property: JsonPropertyName("lab_cells")] int LabCells,
    [property: JsonPropertyName("unseen_coating")] bool UnseenCoating,
    [property: JsonPropertyName("thickness_outside_seen")] bool ThicknessOutsideSeen,
    [property: JsonPropertyName("seen_thickness_nm")] double[]? SeenThicknessNm)
{
    public static EvidenceOut From(Core.Designs.CellDesign design, DesignEvidence e) => new(DesignDto.From(design), e.CoatingClass, e.ElectrodeClass,
        e.LiteratureStudies, e.LiteratureRows, e.LabCells, e.UnseenCoating, e.ThicknessOutsideSeen,
        e.SeenThicknessMin is { } lo && e.SeenThicknessMax is { } hi ? [lo, hi] : null);
}

public sealed record WhatIfResponse(
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("end_of_life")] string EndOfLife,
    [property: JsonPropertyName("summary")] WhatIfSummary Summary,
    [property: JsonPropertyName("evidence")] IReadOnlyList<EvidenceOut> Evidence,
    [property: JsonPropertyName("notes")] IReadOnlyList<string> Notes,
    [property: JsonPropertyName("cells")] IReadOnlyList<WhatIfCellOut> Cells);

public sealed record SweepGridDto
{
    [JsonPropertyName("coatings")] public string[]? Coatings { get; init; }
    [JsonPropertyName("coating_thickness_nm")] public double[]? Thicknesses { get; init; }
    [JsonPropertyName("electrolytes")] public string[]? Electrolytes { get; init; }
    [JsonPropertyName("c_rate")] public double[]? CRates { get; init; }
    [JsonPropertyName("charge_c_rate")] public double[]? ChargeCRates { get; init; }
    [JsonPropertyName("temperature_C")] public double[]? Temperatures { get; init; }

    public SweepGrid ToGrid() => new(Coatings, Thicknesses, Electrolytes, CRates, ChargeCRates, Temperatures);
}

public sealed record SweepRequest
{
    [JsonPropertyName("base")] public DesignDto? Base { get; init; }
    [JsonPropertyName("grid")] public SweepGridDto? Grid { get; init; }
    [JsonPropertyName("best")] public int? Best { get; init; }
}

public sealed record SweepPointOut(
    [property: JsonPropertyName("design")] DesignDto Design,
    [property: JsonPropertyName("eol80")] IntervalOut Life,
    [property: JsonPropertyName("change_vs_base_pct")] double ChangePct,
    [property: JsonPropertyName("p_beats_base")] double ProbabilityBeatsBase,
    [property: JsonPropertyName("expected_improvement_pct")] double ExpectedImprovementPct,
    [property: JsonPropertyName("evidence")] EvidenceOut Evidence)
{
    public static SweepPointOut From(SweepPoint p) => new(DesignDto.From(p.Design), IntervalOut.From(p.Life), Math.Round(100 * (Math.Exp(p.Effect) - 1), 1),
        Math.Round(p.ProbabilityBeatsBase, 3), Math.Round(100 * (Math.Exp(p.ExpectedImprovement) - 1), 1), EvidenceOut.From(p.Design, p.Evidence));
}

/// <summary>What expected improvement is measured against: the best design the lab has tested (by the model's median life), or the base.</summary>
public sealed record IncumbentOut(
    [property: JsonPropertyName("design")] DesignDto Design,
    [property: JsonPropertyName("eol80")] IntervalOut Life,
    [property: JsonPropertyName("is_base")] bool IsBase,
    [property: JsonPropertyName("tested_designs")] int TestedDesigns)
{
    public static IncumbentOut From(SweepIncumbent i) => new(DesignDto.From(i.Design), IntervalOut.From(i.Life), i.IsBase, i.TestedDesigns);
}

public sealed record SuggestionOut(
    [property: JsonPropertyName("design")] DesignDto Design,
    [property: JsonPropertyName("strategy")] string Strategy,
    [property: JsonPropertyName("reason")] string Reason);

public sealed record SweepResponse(
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonPropertyName("base")] IntervalOut Base,
    [property: JsonPropertyName("incumbent")] IncumbentOut Incumbent,
    [property: JsonPropertyName("best")] IReadOnlyList<SweepPointOut> Best,
    [property: JsonPropertyName("suggestions")] IReadOnlyList<SuggestionOut> Suggestions,
    [property: JsonPropertyName("points")] IReadOnlyList<SweepPointOut> Points);
