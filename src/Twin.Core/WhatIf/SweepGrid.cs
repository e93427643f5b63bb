using Twin.Core.Designs;

namespace Twin.Core.WhatIf;

/// <summary>The values a sweep varies; an empty list keeps the base design's value.</summary>
public sealed record SweepGrid(
    IReadOnlyList<string>? Coatings = null,
    IReadOnlyList<double>? Thicknesses = null,
    IReadOnlyList<string>? Electrolytes = null,
    IReadOnlyList<double>? CRates = null,
    IReadOnlyList<double>? ChargeCRates = null,
    IReadOnlyList<double>? Temperatures = null)
{
    /// <summary>How many points the grid spans (before uncoated points drop their thickness variants).</summary>
    public long Count =>
        new[] { Coatings?.Count, Thicknesses?.Count, Electrolytes?.Count, CRates?.Count, ChargeCRates?.Count, Temperatures?.Count }
            .Aggregate(1L, (n, k) => n * Math.Max(1, k ?? 1));

    /// <summary>The Cartesian product over the base design; an uncoated point takes no thickness.</summary>
    public List<CellDesign> Expand(CellDesign basis)
    {
        IEnumerable<CellDesign> designs = [basis];
        if (Coatings is { Count: > 0 } coatings)
            designs = designs.SelectMany(d => coatings.Select(c => new DesignChange(Coating: c.Trim()).ApplyTo(d)));
        if (Thicknesses is { Count: > 0 } nms)
            designs = designs.SelectMany(d => d.IsCoated ? nms.Select(t => d with { CoatingThicknessNm = t }) : [d]).Distinct();
        if (Electrolytes is { Count: > 0 } electrolytes)
            designs = designs.SelectMany(d => electrolytes.Select(e => new DesignChange(Electrolyte: e.Trim()).ApplyTo(d)));
        if (CRates is { Count: > 0 } rates) designs = designs.SelectMany(d => rates.Select(r => d with { CRate = r }));
        if (ChargeCRates is { Count: > 0 } charge) designs = designs.SelectMany(d => charge.Select(r => d with { ChargeCRate = r }));
        if (Temperatures is { Count: > 0 } temps) designs = designs.SelectMany(d => temps.Select(t => d with { TemperatureC = t }));
        return designs.ToList();
    }
}
