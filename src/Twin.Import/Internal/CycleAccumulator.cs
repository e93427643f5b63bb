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

    public CycleSummary ToSummary(int renumberOffset, bool hasEnergy)
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
            Charge,
            Discharge,
            hasEnergy ? ChargeEnergy : null,
            hasEnergy ? DischargeEnergy : null,
            Charge > 0 ? Discharge / Charge : null,
            TempCount > 0 ? TempMin : null,
            TempCount > 0 ? TempSum / TempCount : null,
            TempCount > 0 ? TempMax : null,
            Start,
            duration);
    }
}
