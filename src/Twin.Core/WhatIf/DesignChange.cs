using Twin.Core.Designs;

namespace Twin.Core.WhatIf;

/// <summary>
/// What a what-if changes in every selected cell's design; a null field keeps the cell's own
/// value. Changing the coating (or electrolyte) without naming its class lets the class be
/// inferred from the new name, not kept from the old one; "none" also drops the thickness.
/// </summary>
public sealed record DesignChange(
    string? Coating = null,
    string? CoatingClass = null,
    double? CoatingThicknessNm = null,
    string? CoatingMethod = null,
    string? Electrolyte = null,
    string? ElectrolyteClass = null,
    double? CurrentMAg = null,
    double? CRate = null,
    double? ChargeCRate = null,
    double? TemperatureC = null)
{
    public bool IsEmpty => this == new DesignChange();

    public CellDesign ApplyTo(CellDesign d)
    {
        // Naming the cell's own coating or electrolyte (in any case or spacing) is no change: it
        // keeps the cell's class and method, so it neither moves the prediction nor counts as a change.
        var newCoating = Coating is not null && !SameName(Coating, d.Coating);
        var newElectrolyte = Electrolyte is not null && !SameName(Electrolyte, d.Electrolyte);
        var coating = newCoating ? Coating! : d.Coating;
        var uncoated = string.Equals(coating.Trim(), CellDesign.NoCoating, StringComparison.OrdinalIgnoreCase);
        return d with
        {
            Coating = coating,
            CoatingClass = CoatingClass ?? (newCoating ? null : d.CoatingClass),
            CoatingThicknessNm = uncoated ? null : CoatingThicknessNm ?? d.CoatingThicknessNm,
            CoatingMethod = uncoated ? null : CoatingMethod ?? (newCoating ? null : d.CoatingMethod),
            Electrolyte = newElectrolyte ? Electrolyte! : d.Electrolyte,
            ElectrolyteClass = ElectrolyteClass ?? (newElectrolyte ? null : d.ElectrolyteClass),
            CurrentMAg = CurrentMAg ?? d.CurrentMAg,
            CRate = CRate ?? d.CRate,
            ChargeCRate = ChargeCRate ?? d.ChargeCRate,
            TemperatureC = TemperatureC ?? d.TemperatureC,
        };
    }

    static bool SameName(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
