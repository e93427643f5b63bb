using System.Text.Json.Serialization;
using Twin.Core.Designs;

namespace Twin.Api.Forecasts;

/// <summary>The design columns as JSON, named exactly like the CSV contract (docs/design-schema.md).</summary>
public record DesignDto
{
    [JsonPropertyName("electrode")] public string? Electrode { get; init; }
    [JsonPropertyName("electrode_class")] public string? ElectrodeClass { get; init; }
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

    public CellDesign ToDesign() => new(
        Electrode?.Trim() ?? "", Coating?.Trim() ?? "", CoatingClass, CoatingThicknessNm, CoatingMethod,
        // An electrolyte may be given by class alone or not at all (docs/design-schema.md).
        string.IsNullOrWhiteSpace(Electrolyte) ? DesignCsv.NotReported : Electrolyte.Trim(), ElectrolyteClass, CurrentMAg, CRate, TemperatureC, ChargeCRate, ElectrodeClass);

    public static DesignDto From(CellDesign d) => new()
    {
        Electrode = d.Electrode, ElectrodeClass = d.ElectrodeClass, Coating = d.Coating, CoatingClass = d.CoatingClass,
        CoatingThicknessNm = d.CoatingThicknessNm, CoatingMethod = d.CoatingMethod, Electrolyte = d.Electrolyte,
        ElectrolyteClass = d.ElectrolyteClass, CurrentMAg = d.CurrentMAg, CRate = d.CRate, ChargeCRate = d.ChargeCRate,
        TemperatureC = d.TemperatureC,
    };
}
