namespace Twin.Core.Cycles;

/// <summary>
/// One finished cycle of one cell, as a cycler or a client reports it. Only the discharge
/// capacity is required; the rest is kept when present.
/// </summary>
public sealed record CycleRecord(
    string CellId,
    int Cycle,
    double DischargeCapacityAh,
    double? ChargeCapacityAh = null,
    double? EnergyWh = null,
    double? TemperatureC = null,
    double? InternalResistanceOhm = null,
    DateTimeOffset? Timestamp = null);
