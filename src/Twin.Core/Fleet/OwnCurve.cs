namespace Twin.Core.Fleet;

/// <summary>
/// The cell's own curve: SOH = 1 − a·n^b (a &gt; 0, 0.3 ≤ b ≤ 3) by profile least squares on the
/// visible valid points, solved where it meets the threshold. What a lab would do with a
/// spreadsheet, and what a cell unlike every reference leans on.
/// </summary>
public static class OwnCurve
{
    /// <summary>At most this many points enter the fit (evenly spread, the last kept): the curve has two parameters.</summary>
    const int MaxPoints = 64;

    public static double? EndOfLife(CleanHistory h, double threshold, double cap)
    {
        if (h.Count < 3) return null;
        var m = Math.Min(h.Count, MaxPoints);
        var logN = new double[m];
        var loss = new double[m];
        for (var j = 0; j < m; j++)
        {
            var i = m == h.Count ? j : (int)Math.Round((double)j * (h.Count - 1) / (m - 1));
            logN[j] = Math.Log(Math.Max(1, h.Cycles[i]));
            loss[j] = 1 - h.Soh[i];
        }
        var x = new double[m];
        double bestSse = double.PositiveInfinity, bestA = 0, bestB = 1;
        for (var step = 0; step <= 270; step++)
        {
            var b = 0.3 + 0.01 * step;
            double sxy = 0, sxx = 0, syy = 0;
            for (var j = 0; j < m; j++)
            {
                x[j] = Math.Exp(b * logN[j]);
                sxy += x[j] * loss[j]; sxx += x[j] * x[j]; syy += loss[j] * loss[j];
            }
            var a = Math.Max(1e-300, sxy / sxx);
            var sse = syy - 2 * a * sxy + a * a * sxx;
            if (sse < bestSse) (bestSse, bestA, bestB) = (sse, a, b);
        }
        var eol = Math.Pow((1 - threshold) / bestA, 1 / bestB);
        // A cell that has already outlived the fleet's cap is still alive: its end of life is later than its last cycle.
        var upper = Math.Max(cap, h.LastCycle + 1);
        return double.IsFinite(eol) ? Math.Clamp(eol, h.LastCycle + 1, upper) : upper;
    }
}
