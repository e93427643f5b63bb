using System.Text.Json.Serialization;
using Twin.Actors.Cells;
using Twin.Core.Cycles;

namespace Twin.Api.Cells;

/// <summary>
/// One cycle as JSON, and the column names of the CSV stream. Only <c>cycle</c> and
/// <c>discharge_capacity_Ah</c> are required.
/// </summary>
public record CycleDto
{
    public const string CellIdField = "cell_id", CycleField = "cycle", DischargeField = "discharge_capacity_Ah",
        ChargeField = "charge_capacity_Ah", EnergyField = "energy_Wh", TemperatureField = "temperature_C",
        ResistanceField = "internal_resistance_ohm", TimestampField = "timestamp";

    [JsonPropertyName(CycleField)] public int? Cycle { get; init; }
    [JsonPropertyName(DischargeField)] public double? DischargeCapacityAh { get; init; }
    [JsonPropertyName(ChargeField)] public double? ChargeCapacityAh { get; init; }
    [JsonPropertyName(EnergyField)] public double? EnergyWh { get; init; }
    [JsonPropertyName(TemperatureField)] public double? TemperatureC { get; init; }
    [JsonPropertyName(ResistanceField)] public double? InternalResistanceOhm { get; init; }
    [JsonPropertyName(TimestampField)] public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The row for ingestion, or why it cannot be one (a required field missing).</summary>
    public CycleRowInput ToInput(long row, string cellId)
    {
        List<RowRejection>? errors = null;
        if (Cycle is null) (errors ??= []).Add(new(row, cellId, CycleField, "is required (the cycle number, from 1)."));
        if (DischargeCapacityAh is null) (errors ??= []).Add(new(row, cellId, DischargeField, "is required (the cycle's discharge capacity in Ah)."));
        return errors is not null ? CycleRowInput.Unreadable(row, errors)
            : CycleRowInput.Parsed(row, new CycleRecord(cellId, Cycle!.Value, DischargeCapacityAh!.Value, ChargeCapacityAh, EnergyWh,
                TemperatureC, InternalResistanceOhm, Timestamp));
    }

    public static CycleDto From(CycleRecord r) => new()
    {
        Cycle = r.Cycle, DischargeCapacityAh = r.DischargeCapacityAh, ChargeCapacityAh = r.ChargeCapacityAh, EnergyWh = r.EnergyWh,
        TemperatureC = r.TemperatureC, InternalResistanceOhm = r.InternalResistanceOhm, Timestamp = r.Timestamp,
    };
}

/// <summary>One line of an NDJSON stream: a cycle plus the cell it belongs to.</summary>
public sealed record CycleLineDto : CycleDto
{
    [JsonPropertyName(CellIdField)] public string? CellId { get; init; }
}

/// <summary>POST /api/cells/{id}/cycles.</summary>
public sealed record CycleBatchRequest
{
    [JsonPropertyName("cycles")] public CycleDto?[]? Cycles { get; init; }
}

public sealed record CycleBatchResponse(
    [property: JsonPropertyName("cell_id")] string CellId,
    [property: JsonPropertyName("received")] long Received,
    [property: JsonPropertyName("inserted")] long Inserted,
    [property: JsonPropertyName("duplicates")] long Duplicates);

/// <summary>A sent cycle that differs from the stored one; the stored one is kept.</summary>
public sealed record ConflictDto(
    [property: JsonPropertyName("row")] long Row,
    [property: JsonPropertyName("cell_id")] string CellId,
    [property: JsonPropertyName("cycle")] int Cycle,
    [property: JsonPropertyName("stored")] CycleDto Stored,
    [property: JsonPropertyName("sent")] CycleDto Sent)
{
    public static ConflictDto From(IngestionConflict c) => new(c.Row, c.CellId, c.Cycle, CycleDto.From(c.Stored), CycleDto.From(c.Sent));
}

/// <summary>A row left out: its line (streams) or index (batches), the field and why.</summary>
public sealed record RejectedRowDto(
    [property: JsonPropertyName("row")] long Row,
    [property: JsonPropertyName("cell_id")] string? CellId,
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("reason")] string Reason)
{
    public static RejectedRowDto From(RowRejection r) => new(r.Row, r.CellId, r.Field, r.Reason);
}

/// <summary>
/// The outcome of a CSV/NDJSON stream. Rows are numbered by line (the CSV header is line 1).
/// The lists hold at most 1000 entries; the counts are complete.
/// </summary>
public sealed record CycleStreamReport(
    [property: JsonPropertyName("received")] long Received,
    [property: JsonPropertyName("accepted")] long Accepted,
    [property: JsonPropertyName("inserted")] long Inserted,
    [property: JsonPropertyName("duplicates")] long Duplicates,
    [property: JsonPropertyName("rejected_count")] long RejectedCount,
    [property: JsonPropertyName("rejected")] IReadOnlyList<RejectedRowDto> Rejected,
    [property: JsonPropertyName("conflict_count")] long ConflictCount,
    [property: JsonPropertyName("conflicts")] IReadOnlyList<ConflictDto> Conflicts)
{
    public static CycleStreamReport From(IngestionResult r) => new(r.Received, r.Accepted, r.Inserted, r.Duplicates,
        r.RejectedCount, r.Rejected.Select(RejectedRowDto.From).ToArray(), r.ConflictCount, r.Conflicts.Select(ConflictDto.From).ToArray());
}

/// <summary>POST /api/cells/{id}/files.</summary>
public sealed record FileImportResponse(
    [property: JsonPropertyName("cell_id")] string CellId,
    [property: JsonPropertyName("file_name")] string? FileName,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("detection_reason")] string DetectionReason,
    [property: JsonPropertyName("cycles_found")] int CyclesFound,
    [property: JsonPropertyName("inserted")] long Inserted,
    [property: JsonPropertyName("duplicates")] long Duplicates,
    [property: JsonPropertyName("warnings")] IReadOnlyList<string> Warnings);
