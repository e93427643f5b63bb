namespace Twin.Core.Fleet;

/// <summary>
/// The cell's own curve: SOH = 1 − a·n^b (a &gt; 0, 0.3 ≤ b ≤ 3) by profile least squares on the
/// visible valid points, solved where it meets the threshold. What a lab would do with a
/// spreadsheet, and what a cell unlike every reference leans on.
/// </summary>
public static class OwnCurve
{
    public static double? EndOfLife(CleanHistory h, double threshold, double cap)
    {
        if (h.Count < 3) return null;
        double bestSse = double.PositiveInfinity, bestA = 0, bestB = 1;
        for (var b = 0.3; b <= 3.0 + 1e-9; b += 0.01)
        {
            double sxy = 0, sxx = 0;
            for (var i = 0; i < h.Count; i++)
            {
                var x = Math.Pow(Math.Max(1, h.Cycles[i]), b);
                var y = 1 - h.Soh[i];
                sxy += x * y; sxx += x * x;
            }
            var a = Math.Max(1e-300, sxy / sxx);
            double sse = 0;
            for (var i = 0; i < h.Count; i++)
            {
                var d = 1 - h.Soh[i] - a * Math.Pow(Math.Max(1, h.Cycles[i]), b);
                sse += d * d;
            }
            if (sse < bestSse) (bestSse, bestA, bestB) = (sse, a, b);
        }
        var eol = Math.Pow((1 - threshold) / bestA, 1 / bestB);
        return double.IsFinite(eol) ? Math.Clamp(eol, h.LastCycle + 1, cap) : cap;
    }
}
