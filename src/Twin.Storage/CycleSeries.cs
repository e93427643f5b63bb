namespace Twin.Storage;

/// <summary>
/// Decimation of a capacity series for charts: the cycles are cut into equal buckets and each keeps
/// its lowest and highest capacity (in cycle order), so a sudden drop survives where plain
/// sampling would skip it; the first and last cycles are always kept. Shared by every store.
/// </summary>
public static class CycleSeries
{
    public const int MinPoints = 4;

    /// <param name="ordered">The series in cycle order.</param>
    /// <param name="count">How many points <paramref name="ordered"/> yields.</param>
    public static IReadOnlyList<CyclePoint> Decimate(IEnumerable<CyclePoint> ordered, long count, int maxPoints)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, MinPoints);
        if (count <= maxPoints) return ordered.ToArray();

        // Two points per bucket; the first and last points stand on their own.
        var buckets = (maxPoints - 2) / 2;
        var result = new List<CyclePoint>(maxPoints);
        long i = 0, inner = count - 2;
        long bucket = -1;
        CyclePoint? min = null, max = null, last = null;
        void Flush()
        {
            if (min is null || max is null) return;
            if (min.Cycle <= max.Cycle) { result.Add(min); if (max != min) result.Add(max); }
            else { result.Add(max); result.Add(min); }
        }
        foreach (var p in ordered)
        {
            if (i == 0) result.Add(p);
            else if (i == count - 1) last = p;
            else
            {
                var b = (i - 1) * buckets / inner;
                if (b != bucket)
                {
                    Flush();
                    (bucket, min, max) = (b, p, p);
                }
                else
                {
                    if (p.DischargeCapacityAh < min!.DischargeCapacityAh) min = p;
                    if (p.DischargeCapacityAh > max!.DischargeCapacityAh) max = p;
                }
            }
            i++;
        }
        Flush();
        if (last is not null) result.Add(last);
        return result;
    }
}
