using System.Text.Json.Serialization;

namespace Twin.Api.Forecasts;

/// <summary>A design plus the cycle counts at which to report retention (optional).</summary>
public sealed record DesignForecastRequest : DesignDto
{
    [JsonPropertyName("cycles")] public int[]? Cycles { get; init; }
}

public sealed record DesignBatchRequest
{
    [JsonPropertyName("designs")] public DesignForecastRequest[]? Designs { get; init; }
}

public sealed record DesignBatchResponse(
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonPropertyName("forecasts")] IReadOnlyList<DesignForecastResponse> Forecasts);

public sealed record IntervalDto(
    [property: JsonPropertyName("level")] double Level,
    [property: JsonPropertyName("lower")] double Lower,
    [property: JsonPropertyName("upper")] double Upper);

public sealed record RetentionDto(
    [property: JsonPropertyName("cycles")] int Cycles,
    [property: JsonPropertyName("retention_pct")] double RetentionPct,
    [property: JsonPropertyName("retention_lo90")] double RetentionLo90,
    [property: JsonPropertyName("retention_hi90")] double RetentionHi90);

/// <summary>
/// Cycles to 80% SOH with 80/90/95% intervals, the fade curve's exponent, retention at the asked
/// cycle counts, and why the interval is as wide as it is.
/// </summary>
public sealed record DesignForecastResponse(
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonPropertyName("domain")] string Domain,
    [property: JsonPropertyName("unseen_coating")] bool UnseenCoating,
    [property: JsonPropertyName("eol_cycles")] double EolCycles,
    [property: JsonPropertyName("eol_lo90")] double EolLo90,
    [property: JsonPropertyName("eol_hi90")] double EolHi90,
    [property: JsonPropertyName("eol_intervals")] IReadOnlyList<IntervalDto> EolIntervals,
    [property: JsonPropertyName("fade_exponent")] double FadeExponent,
    [property: JsonPropertyName("retention")] IReadOnlyList<RetentionDto> Retention,
    [property: JsonPropertyName("notes")] IReadOnlyList<string> Notes);
