using System.Text.Json.Serialization;
using Twin.Api.Forecasts;
using Twin.Storage;

namespace Twin.Api.Cells;

/// <summary>PUT /api/cells/{id}: the design (same fields as a design forecast), nominal capacity and free string tags.</summary>
public sealed record CellRequest : DesignDto
{
    [JsonPropertyName("nominal_capacity_Ah")] public double? NominalCapacityAh { get; init; }
    [JsonPropertyName("tags")] public Dictionary<string, string>? Tags { get; init; }
}

/// <summary>A registered cell. <see cref="CyclesStored"/> is given for a single cell, left out of listings.</summary>
public sealed record CellResponse : DesignDto
{
    [JsonPropertyName("cell_id")] public required string CellId { get; init; }
    [JsonPropertyName("nominal_capacity_Ah")] public double? NominalCapacityAh { get; init; }
    [JsonPropertyName("tags")] public required IReadOnlyDictionary<string, string> Tags { get; init; }
    [JsonPropertyName("cycles_stored"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? CyclesStored { get; init; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>In listings: the twin as last persisted (null until the cell's twin has been fitted once).</summary>
    [JsonPropertyName("twin"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public CellTwinSummary? Twin { get; init; }

    public static CellResponse From(CellRow row, long? cyclesStored = null, CellTwinSummary? twin = null)
    {
        var design = From(row.Design);
        return new CellResponse
        {
            CellId = row.CellId, NominalCapacityAh = row.NominalCapacityAh, Tags = row.Tags, CyclesStored = cyclesStored, Twin = twin,
            CreatedAt = row.CreatedAt, UpdatedAt = row.UpdatedAt,
            Electrode = design.Electrode, ElectrodeClass = design.ElectrodeClass, Coating = design.Coating, CoatingClass = design.CoatingClass,
            CoatingThicknessNm = design.CoatingThicknessNm, CoatingMethod = design.CoatingMethod, Electrolyte = design.Electrolyte,
            ElectrolyteClass = design.ElectrolyteClass, CurrentMAg = design.CurrentMAg, CRate = design.CRate, ChargeCRate = design.ChargeCRate,
            TemperatureC = design.TemperatureC,
        };
    }
}

/// <summary>One page of cells; pass <see cref="Next"/> as <c>after</c> for the next page (null on the last one).</summary>
public sealed record CellListResponse(
    [property: JsonPropertyName("cells")] IReadOnlyList<CellResponse> Cells,
    [property: JsonPropertyName("next")] string? Next);
