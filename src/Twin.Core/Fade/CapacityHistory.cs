namespace Twin.Core.Fade;

/// <summary>One cycle's state of health: capacity over the cell's reference capacity.</summary>
public readonly record struct SohPoint(int Cycle, double Soh, bool IsOutlier);

/// <summary>
/// A cell's capacity history turned into SOH (BRIEF.md): Q_ref is the median of the first few
/// valid cycles; single-cycle spikes (a deviation of more than <see cref="OutlierTolerance"/> of
/// Q_ref from the running median) are flagged and ignored by every estimate here.
/// </summary>
public sealed class CapacityHistory
{
    public const int ReferenceCycles = 5;
    public const double OutlierTolerance = 0.05;
    const int MedianWindow = 9;

    readonly SohPoint[] _points;

    CapacityHistory(SohPoint[] points, double referenceCapacity)
    {
        _points = points;
        ReferenceCapacity = referenceCapacity;
    }

    public double ReferenceCapacity { get; }
    public IReadOnlyList<SohPoint> Points => _points;
    public int LastCycle => _points.Length == 0 ? 0 : _points[^1].Cycle;
    public int ValidCount => _points.Count(p => !p.IsOutlier);

    /// <summary>Builds the history; points need not be sorted, non-finite or non-positive capacities are dropped.</summary>
    public static CapacityHistory FromCapacities(IEnumerable<(int Cycle, double Capacity)> capacities, double? referenceCapacity = null)
    {
        var clean = capacities.Where(p => double.IsFinite(p.Capacity) && p.Capacity > 0 && p.Cycle >= 0)
            .OrderBy(p => p.Cycle).ToArray();
        if (clean.Length == 0) return new CapacityHistory([], referenceCapacity ?? double.NaN);
        var qRef = referenceCapacity ?? Median(clean.Take(ReferenceCycles).Select(p => p.Capacity).ToArray());
        var points = new SohPoint[clean.Length];
        var window = new double[MedianWindow];
        for (var i = 0; i < clean.Length; i++)
        {
            var lo = Math.Max(0, i - MedianWindow / 2);
            var hi = Math.Min(clean.Length, lo + MedianWindow);
            lo = Math.Max(0, hi - MedianWindow);
            var n = hi - lo;
            for (var k = 0; k < n; k++) window[k] = clean[lo + k].Capacity;
            var median = Median(window.AsSpan(0, n).ToArray());
            var outlier = Math.Abs(clean[i].Capacity - median) > OutlierTolerance * qRef;
            points[i] = new SohPoint(clean[i].Cycle, clean[i].Capacity / qRef, outlier);
        }
        return new CapacityHistory(points, qRef);
    }

    /// <summary>
    /// First cycle whose SOH is below <paramref name="threshold"/> and stays below at the next valid
    /// point (so one low reading does not end a life); null when the cell has not got there.
    /// </summary>
    public int? FirstCycleBelow(double threshold)
    {
        SohPoint? candidate = null;
        foreach (var p in _points)
        {
            if (p.IsOutlier) continue;
            if (p.Soh < threshold)
            {
                if (candidate is { } c) return c.Cycle;
                candidate = p;
            }
            else candidate = null;
        }
        return candidate?.Cycle is { } last && last == LastValidCycle ? last : null;
    }

    int LastValidCycle => _points.LastOrDefault(p => !p.IsOutlier).Cycle;

    /// <summary>SOH now: the median of the last few valid points (robust to one noisy reading).</summary>
    public double CurrentSoh(int window = 5)
    {
        var tail = _points.Where(p => !p.IsOutlier).TakeLast(window).Select(p => p.Soh).ToArray();
        return tail.Length == 0 ? double.NaN : Median(tail);
    }

    /// <summary>
    /// Least-squares fit of log(1 − SOH) = log a + b·log n over valid points with at least
    /// <paramref name="minFade"/> fade; null when fewer than 3 such points.
    /// </summary>
    public (double LogA, double B)? FitPowerLaw(double minFade = 0.01, int? upToCycle = null)
    {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        var n = 0;
        foreach (var p in _points)
        {
            if (p.IsOutlier || p.Cycle < 1 || 1 - p.Soh < minFade) continue;
            if (upToCycle is { } max && p.Cycle > max) break;
            double x = Math.Log(p.Cycle), y = Math.Log(1 - p.Soh);
            sx += x; sy += y; sxx += x * x; sxy += x * y; n++;
        }
        if (n < 3) return null;
        var den = n * sxx - sx * sx;
        if (den <= 1e-12) return null;
        var b = (n * sxy - sx * sy) / den;
        return ((sy - b * sx) / n, b);
    }

    static double Median(double[] values)
    {
        Array.Sort(values);
        var m = values.Length / 2;
        return values.Length % 2 == 1 ? values[m] : 0.5 * (values[m - 1] + values[m]);
    }
}
