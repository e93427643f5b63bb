namespace Twin.Import.Internal;

/// <summary>Running totals of one cycle; the only per-row state kept in memory.</summary>
internal sealed class CycleAccumulator(int cycle)
{
    public int Cycle { get; } = cycle;
    public double Charge;
    public double Discharge;
    public double ChargeEnergy;
    public double DischargeEnergy;
    public double TempMin = double.PositiveInfinity;
    public double TempMax = double.NegativeInfinity;
    public double TempSum;
    public long TempCount;
    public double FirstTime = double.NaN;
    public double LastTime = double.NaN;
    public DateTimeOffset? Start;
    public DateTimeOffset? LastClock;
    public long Rows;

    // FirstDischargePerCycle: where the cycle is, and what was left out after its first discharge–charge pair.
    public bool SawDischarge;
    public bool SawChargeAfterDischarge;
    public bool Ignoring;
    public double IgnoredFromStep = double.NaN;
    public double IgnoredCharge;
    public double IgnoredDischarge;

    public CycleSummary ToSummary(int renumberOffset, bool hasCharge, bool hasEnergy)
    {
        double? duration = null;
        if (!double.IsNaN(FirstTime) && !double.IsNaN(LastTime))
        {
            duration = Math.Max(0, LastTime - FirstTime);
        }
        else if (Start is { } s && LastClock is { } e)
        {
            duration = Math.Max(0, (e - s).TotalSeconds);
        }

        return new CycleSummary(
            Cycle + renumberOffset,
            hasCharge ? Charge : null,
            Discharge,
            hasEnergy ? ChargeEnergy : null,
            hasEnergy ? DischargeEnergy : null,
            hasCharge && Charge > 0 ? Discharge / Charge : null,
            TempCount > 0 ? TempMin : null,
            TempCount > 0 ? TempSum / TempCount : null,
            TempCount > 0 ? TempMax : null,
            Start,
            duration);
    }
}
