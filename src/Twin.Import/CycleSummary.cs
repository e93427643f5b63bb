using Twin.Core.Cycles;

namespace Twin.Import;

/// <summary>
/// One cycle summarised from a cycler export. Capacities in Ah and energies in Wh are absolute
/// (always ≥ 0); <paramref name="ChargeCapacityAh"/> is null when the file has no charge counter (a
/// discharge-only summary). <paramref name="CoulombicEfficiency"/> is discharge / charge capacity, null when the
/// cycle has no charge. Temperatures are plain means over rows that carry a valid reading.
/// <paramref name="StartTime"/> is the first row's clock time, taken as UTC because no export states a
/// zone; <paramref name="DurationSeconds"/> runs from the cycle's first row to its last.
/// </summary>
public sealed record CycleSummary(
    int Cycle,
    double? ChargeCapacityAh,
    double DischargeCapacityAh,
    double? ChargeEnergyWh,
    double? DischargeEnergyWh,
    double? CoulombicEfficiency,
    double? MinTemperatureC,
    double? MeanTemperatureC,
    double? MaxTemperatureC,
    DateTimeOffset? StartTime,
    double? DurationSeconds)
{
    /// <summary>Maps to the record the twins consume (energy = discharge energy, temperature = mean).</summary>
    public CycleRecord ToCycleRecord(string cellId, double? internalResistanceOhm = null) =>
        new(cellId, Cycle, DischargeCapacityAh, ChargeCapacityAh, DischargeEnergyWh, MeanTemperatureC,
            internalResistanceOhm, StartTime);
}
