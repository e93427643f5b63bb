using System.Text.Json;
using System.Text.Json.Serialization;
using Twin.Actors.Cells;

namespace Twin.Api.Cells;

/// <summary>
/// A listed cell's twin as last persisted (GET /api/cells): read for the whole page in one query
/// from the stored grain state, so a fleet table costs no grain call and no query per row. It is
/// the state of the last fit; a twin with cycles it has not fitted yet says so in <see cref="Stale"/>.
/// </summary>
public sealed record CellTwinSummary
{
    /// <summary>The stored state's grain type: the cell grain ("cell") and its state name ("twin"), as <c>TwinGrainStorage</c> names it.</summary>
    public const string StoredGrainType = "cell/twin";
    static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web);

    [JsonPropertyName("cycles_observed")] public int CyclesObserved { get; init; }
    [JsonPropertyName("last_cycle")] public int LastCycle { get; init; }
    [JsonPropertyName("soh_now")] public double? SohNow { get; init; }
    [JsonPropertyName("eol_p50")] public double? EolP50 { get; init; }
    [JsonPropertyName("eol_lo90")] public double? EolLo90 { get; init; }
    [JsonPropertyName("eol_hi90")] public double? EolHi90 { get; init; }
    [JsonPropertyName("rul_p50")] public double? RulP50 { get; init; }
    [JsonPropertyName("rul_lo90")] public double? RulLo90 { get; init; }
    [JsonPropertyName("rul_hi90")] public double? RulHi90 { get; init; }
    [JsonPropertyName("data_weight")] public double? DataWeight { get; init; }
    [JsonPropertyName("end_of_life_reached")] public bool EndOfLifeReached { get; init; }
    [JsonPropertyName("anomaly_count")] public int AnomalyCount { get; init; }
    /// <summary>Kinds of the anomalies found (capacity_jump, gap, knee_onset), each once.</summary>
    [JsonPropertyName("anomaly_kinds")] public required IReadOnlyList<string> AnomalyKinds { get; init; }
    [JsonPropertyName("model_version")] public string? ModelVersion { get; init; }
    [JsonPropertyName("last_data_at")] public DateTimeOffset? LastDataAt { get; init; }
    [JsonPropertyName("fitted_at")] public DateTimeOffset? FittedAt { get; init; }
    [JsonPropertyName("stale")] public bool Stale { get; init; }

    public static CellTwinSummary? FromStoredJson(string json)
    {
        var s = JsonSerializer.Deserialize<CellTwinState>(json, StateJson);
        if (s is null) return null;
        double? Rul(double? eol) => eol is { } e ? Math.Max(0, e - s.LastCycle) : null;
        return new CellTwinSummary
        {
            CyclesObserved = s.CyclesObserved, LastCycle = s.LastCycle, SohNow = s.SohNow,
            EolP50 = s.EolP50, EolLo90 = s.EolLo90, EolHi90 = s.EolHi90,
            RulP50 = Rul(s.EolP50), RulLo90 = Rul(s.EolLo90), RulHi90 = Rul(s.EolHi90),
            DataWeight = s.DataWeight, EndOfLifeReached = s.EndOfLifeReached,
            AnomalyCount = s.Anomalies.Count, AnomalyKinds = s.Anomalies.Select(a => a.Kind).Distinct().ToArray(),
            ModelVersion = s.ModelVersion, LastDataAt = s.LastDataAt, FittedAt = s.FittedAt, Stale = s.Stale,
        };
    }
}
