namespace Twin.Core.Designs;

/// <summary>
/// What a cell is made of and how it is tested: the design columns of every CSV and JSON
/// contract (docs/design-schema.md). Names are free text; unknown names are allowed and are
/// described by their class.
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
    double? TemperatureC)
{
    public static readonly string NoCoating = "none";

    public bool IsCoated => !string.Equals(Coating, NoCoating, StringComparison.OrdinalIgnoreCase);
}
