namespace Twin.Core.Fleet;

/// <summary>
/// A capacity history made fit to learn from: flagged, non-positive and isolated-jump rows are
/// left out (and counted, never fatal), the later of two rows with the same cycle is kept, SOH is
/// relative to Q_ref (median of the first valid cycles; check-up data: the first check-up) and
/// cycle-level data get a centred rolling median, as the benchmark's end of life is defined.
/// Cycle numbers may have gaps or restart: rows are ordered by cycle number as given.
/// </summary>
public sealed class CleanHistory
{
    public const int ReferenceCycles = 5;
    public const int SmoothWindow = 5;

    /// <summary>A median cycle gap at or above this marks check-up (RPT) level data.</summary>
    public const int CheckupGap = 5;

    /// <summary>A point further than this fraction of Q_ref from its neighbours' median is an isolated jump.</summary>
    public const double JumpTolerance = 0.05;

    CleanHistory(int[] cycles, double[] soh, double[] smooth, double qRef, bool checkup, int flagged, int jumps)
    {
        Cycles = cycles;
        Soh = soh;
        Smooth = smooth;
        ReferenceCapacityAh = qRef;
        IsCheckupLevel = checkup;
        FlaggedDropped = flagged;
        JumpsDropped = jumps;
    }

    public int[] Cycles { get; }
    public double[] Soh { get; }

    /// <summary>Rolling-median SOH (cycle-level data) or the raw SOH (check-up data).</summary>
    public double[] Smooth { get; }

    public double ReferenceCapacityAh { get; }
    public bool IsCheckupLevel { get; }
    public int FlaggedDropped { get; }
    public int JumpsDropped { get; }
    public int Count => Cycles.Length;
    public int LastCycle => Cycles.Length == 0 ? 0 : Cycles[^1];

    /// <summary>SOH now: the median of the last few valid points (check-up data: the last one).</summary>
    public double CurrentSoh => Count == 0 ? double.NaN
        : IsCheckupLevel ? Soh[^1] : Stats.Median(Soh.AsSpan(Math.Max(0, Count - ReferenceCycles)));

    public static CleanHistory Clean(IReadOnlyList<CycleReading> rows)
    {
        // Later duplicate wins: index by cycle in file order, then sort.
        var byCycle = new Dictionary<int, CycleReading>();
        foreach (var r in rows) byCycle[r.Cycle] = r;
        var flagged = 0;
        var kept = new List<CycleReading>(byCycle.Count);
        foreach (var r in byCycle.Values)
        {
            if (r.Flagged || !double.IsFinite(r.CapacityAh) || r.CapacityAh <= 0 || r.Cycle < 0) { flagged++; continue; }
            kept.Add(r);
        }
        kept.Sort((a, b) => a.Cycle.CompareTo(b.Cycle));
        if (kept.Count == 0) return new CleanHistory([], [], [], double.NaN, false, flagged, 0);

        var checkup = IsCheckup(kept);
        var cap = kept.Select(r => r.CapacityAh).ToArray();
        var keep = checkup ? DropGrossJumps(cap) : DropJumps(cap);
        var jumps = keep.Count(k => !k);
        var cycles = kept.Where((_, i) => keep[i]).Select(r => r.Cycle).ToArray();
        cap = cap.Where((_, i) => keep[i]).ToArray();
        var qRef = checkup ? cap[0] : Stats.Median(cap.AsSpan(0, Math.Min(ReferenceCycles, cap.Length)));
        var soh = cap.Select(c => c / qRef).ToArray();
        var smooth = checkup ? soh : RollingMedian(soh, SmoothWindow);
        return new CleanHistory(cycles, soh, smooth, qRef, checkup, flagged, jumps);
    }

    /// <summary>A copy that sees only cycles up to <paramref name="cut"/>, cleaned again as a lab would have seen it then.</summary>
    public CleanHistory Truncate(int cut)
    {
        var n = Array.FindLastIndex(Cycles, c => c <= cut) + 1;
        if (n == Count) return this;
        var cycles = Cycles[..n];
        var qRef = ReferenceCapacityAh;
        var soh = Soh[..n];
        var smooth = IsCheckupLevel ? soh : RollingMedian(soh, SmoothWindow);
        return new CleanHistory(cycles, soh, smooth, qRef, IsCheckupLevel, FlaggedDropped, JumpsDropped);
    }

    /// <summary>
    /// First cycle where the SOH falls below <paramref name="threshold"/>: the smoothed crossing
    /// (check-up data: linear interpolation between the check-ups around it, rounded up); null if never.
    /// </summary>
    public int? EndOfLife(double threshold)
    {
        for (var i = 0; i < Count; i++)
        {
            if (Smooth[i] >= threshold) continue;
            if (!IsCheckupLevel || i == 0) return Cycles[i];
            double s0 = Smooth[i - 1], s1 = Smooth[i];
            var t = (s0 - threshold) / (s0 - s1);
            return (int)Math.Ceiling(Cycles[i - 1] + t * (Cycles[i] - Cycles[i - 1]));
        }
        return null;
    }

    static bool IsCheckup(List<CycleReading> kept)
    {
        if (kept.Count < 2) return kept.Count == 1 && kept[0].Cycle > CheckupGap;
        var gaps = new double[kept.Count - 1];
        for (var i = 1; i < kept.Count; i++) gaps[i - 1] = kept[i].Cycle - kept[i - 1].Cycle;
        return Stats.Median(gaps) >= CheckupGap;
    }

    /// <summary>Isolated jumps on cycle-level data: more than the tolerance from the median of the 9 points around.</summary>
    static bool[] DropJumps(double[] cap)
    {
        var keep = Enumerable.Repeat(true, cap.Length).ToArray();
        if (cap.Length < 5) return DropGrossJumps(cap);
        var scale = Stats.Median(cap.AsSpan(0, Math.Min(ReferenceCycles, cap.Length)));
        var window = new double[9];
        for (var i = 0; i < cap.Length; i++)
        {
            var lo = Math.Max(0, Math.Min(i - 4, cap.Length - 9));
            var hi = Math.Min(cap.Length, lo + 9);
            var n = 0;
            for (var k = lo; k < hi; k++) if (k != i) window[n++] = cap[k];
            if (Math.Abs(cap[i] - Stats.Median(window.AsSpan(0, n))) > JumpTolerance * scale) keep[i] = false;
        }
        // Never drop everything (e.g. a genuine step in a short history).
        return keep.Count(k => k) >= Math.Max(1, cap.Length / 2) ? keep : Enumerable.Repeat(true, cap.Length).ToArray();
    }

    /// <summary>Sparse data: only gross errors (a unit slip, a factor of 1.5 above the largest of the other points) are dropped.</summary>
    static bool[] DropGrossJumps(double[] cap)
    {
        var keep = Enumerable.Repeat(true, cap.Length).ToArray();
        if (cap.Length < 3) return keep;
        for (var i = 0; i < cap.Length; i++)
        {
            var others = cap.Where((_, k) => k != i).ToArray();
            if (cap[i] > 1.5 * others.Max()) keep[i] = false;
        }
        return keep;
    }

    static double[] RollingMedian(double[] x, int window)
    {
        var result = new double[x.Length];
        var half = window / 2;
        var buffer = new double[window];
        for (var i = 0; i < x.Length; i++)
        {
            int lo = Math.Max(0, i - half), hi = Math.Min(x.Length, i + half + 1);
            x.AsSpan(lo, hi - lo).CopyTo(buffer);
            result[i] = Stats.Median(buffer.AsSpan(0, hi - lo));
        }
        return result;
    }
}
