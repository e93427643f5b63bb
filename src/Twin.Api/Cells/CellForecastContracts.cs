using System.Text.Json.Serialization;
using Twin.Api.Forecasts;
using Twin.Core.Twins;

namespace Twin.Api.Cells;

public sealed record CurvePointDto(
    [property: JsonPropertyName("cycle")] int Cycle,
    [property: JsonPropertyName("soh")] double Soh,
    [property: JsonPropertyName("bands")] IReadOnlyList<IntervalDto> Bands);

public sealed record AnomalyDto(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("cycle")] int Cycle,
    [property: JsonPropertyName("detail")] string Detail);

/// <summary>
/// A cell's lifetime forecast: SOH now and the curve to end of life with 80/90/95% bands, end of
/// life and remaining life with intervals, how much the cell's own data weighed against the
/// design prior, the model version, and what it rests on: <c>basis</c> "fleet" (the fleet's
/// <c>reference_cells</c>, the fitted <c>fleet_version</c>, the cell's <c>resemblance</c> to them) or
/// "design" (the design model's prior: the fleet has no reference cell other than this one).
/// </summary>
public sealed record CellForecastResponse(
    [property: JsonPropertyName("cell_id")] string CellId,
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonPropertyName("eol_threshold")] string EolThreshold,
    [property: JsonPropertyName("eol_threshold_fraction")] double EolThresholdFraction,
    [property: JsonPropertyName("cycles_observed")] int CyclesObserved,
    [property: JsonPropertyName("last_cycle")] int LastCycle,
    [property: JsonPropertyName("soh_now")] double SohNow,
    [property: JsonPropertyName("end_of_life_reached")] bool EndOfLifeReached,
    [property: JsonPropertyName("eol_p50")] double EolP50,
    [property: JsonPropertyName("eol_intervals")] IReadOnlyList<IntervalDto> EolIntervals,
    [property: JsonPropertyName("rul_p50")] double RulP50,
    [property: JsonPropertyName("rul_intervals")] IReadOnlyList<IntervalDto> RulIntervals,
    [property: JsonPropertyName("data_weight")] double DataWeight,
    [property: JsonPropertyName("fade_law")] FadeLawDto FadeLaw,
    [property: JsonPropertyName("soh_curve")] IReadOnlyList<CurvePointDto> SohCurve,
    [property: JsonPropertyName("basis")] string Basis,
    [property: JsonPropertyName("fleet")] string? Fleet,
    [property: JsonPropertyName("reference_cells")] int ReferenceCells,
    [property: JsonPropertyName("resemblance")] double? Resemblance,
    [property: JsonPropertyName("fleet_version")] string? FleetVersion,
    [property: JsonPropertyName("basis_detail")] string BasisDetail)
{
    public static CellForecastResponse From(string cellId, TwinForecast f, EolThreshold threshold) => new(
        cellId, f.ModelVersion, threshold.ToString(), R(f.Threshold, 4), f.CyclesObserved, f.LastCycle, R(f.SohNow, 4), f.EndOfLifeReached,
        R(f.EolP50), f.EolIntervals.Select(Dto).ToArray(), R(f.RulP50), TwinCalibration.Levels.Select(l => Dto(f.Rul(l))).ToArray(),
        R(f.DataWeight, 3), new FadeLawDto(R(f.Eol80P50), R(f.Exponent, 3), R(f.NoiseSd, 5)),
        f.Curve().Select(p => new CurvePointDto(p.Cycle, R(p.P50, 4), p.Bands.Select(b => new IntervalDto(b.Level, R(b.Lower, 4), R(b.Upper, 4))).ToArray())).ToArray(),
        f.Basis?.Level ?? ForecastBasis.DesignLevel, f.Basis?.Fleet, f.Basis?.ReferenceCells ?? 0,
        f.Basis?.Resemblance is { } r ? R(r, 3) : null, f.Basis?.FleetVersion, f.Basis?.Detail ?? $"design model {f.ModelVersion}");

    static IntervalDto Dto(LifeInterval i) => new(i.Level, R(i.Lower), R(i.Upper));
    static double R(double v, int digits = 1) => double.IsFinite(v) ? Math.Round(v, digits) : 0;
}

/// <summary>The calibrated fade law 1 − SOH = 0.2·(n/eol80)^exponent, and the cycle-to-cycle noise seen.</summary>
public sealed record FadeLawDto(
    [property: JsonPropertyName("eol80")] double Eol80,
    [property: JsonPropertyName("exponent")] double Exponent,
    [property: JsonPropertyName("noise_sd")] double NoiseSd);

/// <summary>The twin's persisted state.</summary>
public sealed record CellTwinResponse(
    [property: JsonPropertyName("cell_id")] string CellId,
    [property: JsonPropertyName("cycles_observed")] int CyclesObserved,
    [property: JsonPropertyName("last_cycle")] int LastCycle,
    [property: JsonPropertyName("reference_capacity_Ah")] double? ReferenceCapacityAh,
    [property: JsonPropertyName("soh_now")] double? SohNow,
    [property: JsonPropertyName("fade_law")] FadeLawDto? FadeLaw,
    [property: JsonPropertyName("eol_p50")] double? EolP50,
    [property: JsonPropertyName("eol_lo90")] double? EolLo90,
    [property: JsonPropertyName("eol_hi90")] double? EolHi90,
    [property: JsonPropertyName("data_weight")] double? DataWeight,
    [property: JsonPropertyName("end_of_life_reached")] bool EndOfLifeReached,
    [property: JsonPropertyName("anomalies")] IReadOnlyList<AnomalyDto> Anomalies,
    [property: JsonPropertyName("model_version")] string? ModelVersion,
    [property: JsonPropertyName("fitted_at")] DateTimeOffset? FittedAt,
    [property: JsonPropertyName("last_data_at")] DateTimeOffset? LastDataAt);

public sealed record StoredCycleDto(
    [property: JsonPropertyName("cycle")] int Cycle,
    [property: JsonPropertyName("discharge_capacity_Ah")] double DischargeCapacityAh,
    [property: JsonPropertyName("charge_capacity_Ah")] double? ChargeCapacityAh,
    [property: JsonPropertyName("energy_Wh")] double? EnergyWh,
    [property: JsonPropertyName("temperature_C")] double? TemperatureC,
    [property: JsonPropertyName("internal_resistance_ohm")] double? InternalResistanceOhm,
    [property: JsonPropertyName("timestamp")] DateTimeOffset? Timestamp);

/// <summary>One page of stored cycles; pass <see cref="Next"/> as <c>after</c> for the next page (null on the last one).</summary>
public sealed record CellCyclesResponse(
    [property: JsonPropertyName("cell_id")] string CellId,
    [property: JsonPropertyName("cycles")] IReadOnlyList<StoredCycleDto> Cycles,
    [property: JsonPropertyName("next")] int? Next);

public sealed record CyclePointDto(
    [property: JsonPropertyName("cycle")] int Cycle,
    [property: JsonPropertyName("discharge_capacity_Ah")] double DischargeCapacityAh);

/// <summary>A cell's capacity series for a chart, decimated to at most the points asked for.</summary>
public sealed record CycleSeriesResponse(
    [property: JsonPropertyName("cell_id")] string CellId,
    [property: JsonPropertyName("cycles_stored")] long CyclesStored,
    [property: JsonPropertyName("points")] IReadOnlyList<CyclePointDto> Points);
