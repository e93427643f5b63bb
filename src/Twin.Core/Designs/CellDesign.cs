namespace Twin.Core.Designs;

/// <summary>
/// What a cell is made of and how it is tested: the design columns of every CSV and JSON
/// contract (docs/design-schema.md). Names are free text; an unknown name is allowed and is
/// described by its class (given, or inferred from the name where the catalog knows it).
/// </summary>
public sealed record CellDesign(
    string Electrode,
    string Coating,
    string? CoatingClass,
    double? CoatingThicknessNm,
    string? CoatingMethod,
    string Electrolyte,
    string? ElectrolyteClass,
    double? CurrentMAg,
    double? CRate,
    double? TemperatureC,
    double? ChargeCRate = null,
    string? ElectrodeClass = null)
{
    public const string NoCoating = "none";

    public bool IsCoated => !string.Equals(Coating.Trim(), NoCoating, StringComparison.OrdinalIgnoreCase) && Coating.Trim().Length > 0;
}
