namespace Twin.Core.Fleet;

/// <summary>Small robust statistics shared by the fleet level.</summary>
internal static class Stats
{
    /// <summary>Median of a span (sorted in place on a copy).</summary>
    public static double Median(ReadOnlySpan<double> values)
    {
        if (values.Length == 0) return double.NaN;
        var copy = values.ToArray();
        Array.Sort(copy);
        var m = copy.Length / 2;
        return copy.Length % 2 == 1 ? copy[m] : 0.5 * (copy[m - 1] + copy[m]);
    }

    /// <summary>Weighted quantile of values (linear in cumulative weight, midpoint rule).</summary>
    public static double WeightedQuantile(double[] values, double[] weights, double q)
    {
        var order = Enumerable.Range(0, values.Length).Where(i => weights[i] > 0).OrderBy(i => values[i]).ToArray();
        if (order.Length == 0) return double.NaN;
        var total = order.Sum(i => weights[i]);
        var cum = 0.0;
        var prevPos = double.NegativeInfinity;
        var prevVal = values[order[0]];
        foreach (var i in order)
        {
            var pos = (cum + 0.5 * weights[i]) / total;
            if (pos >= q)
                return double.IsNegativeInfinity(prevPos) ? values[i] : prevVal + (values[i] - prevVal) * (q - prevPos) / (pos - prevPos);
            cum += weights[i];
            prevPos = pos;
            prevVal = values[i];
        }
        return prevVal;
    }

    /// <summary>Several weighted quantiles with one sort (the similarity mixture has thousands of components).</summary>
    public static double[] WeightedQuantiles(double[] values, double[] weights, params double[] qs)
    {
        var v = (double[])values.Clone();
        var w = (double[])weights.Clone();
        Array.Sort(v, w);
        var total = 0.0;
        foreach (var x in w) total += x;
        var result = new double[qs.Length];
        for (var k = 0; k < qs.Length; k++)
        {
            var cum = 0.0;
            var prevPos = double.NegativeInfinity;
            var prevVal = v[0];
            result[k] = v[^1];
            for (var i = 0; i < v.Length; i++)
            {
                if (w[i] <= 0) continue;
                var pos = (cum + 0.5 * w[i]) / total;
                if (pos >= qs[k])
                {
                    result[k] = double.IsNegativeInfinity(prevPos) ? v[i] : prevVal + (v[i] - prevVal) * (qs[k] - prevPos) / (pos - prevPos);
                    break;
                }
                cum += w[i];
                prevPos = pos;
                prevVal = v[i];
            }
        }
        return result;
    }

    /// <summary>Empirical quantile (linear interpolation, as numpy's default).</summary>
    public static double Quantile(double[] values, double q)
    {
        if (values.Length == 0) return double.NaN;
        var s = (double[])values.Clone();
        Array.Sort(s);
        var pos = q * (s.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(s.Length - 1, lo + 1);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }
}
