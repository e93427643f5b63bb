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
        var coating = Coating ?? d.Coating;
        var uncoated = string.Equals(coating.Trim(), CellDesign.NoCoating, StringComparison.OrdinalIgnoreCase);
        return d with
        {
            Coating = coating,
            CoatingClass = CoatingClass ?? (Coating is null ? d.CoatingClass : null),
            CoatingThicknessNm = uncoated ? null : CoatingThicknessNm ?? d.CoatingThicknessNm,
            CoatingMethod = uncoated ? null : CoatingMethod ?? (Coating is null ? d.CoatingMethod : null),
            Electrolyte = Electrolyte ?? d.Electrolyte,
            ElectrolyteClass = ElectrolyteClass ?? (Electrolyte is null ? d.ElectrolyteClass : null),
            CurrentMAg = CurrentMAg ?? d.CurrentMAg,
            CRate = CRate ?? d.CRate,
            ChargeCRate = ChargeCRate ?? d.ChargeCRate,
            TemperatureC = TemperatureC ?? d.TemperatureC,
        };
    }
}
