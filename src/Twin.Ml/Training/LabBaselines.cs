namespace Twin.Ml.Training;

/// <summary>
/// The lab benchmark's curve-fit baselines (baselines.py): B1, SOH = 1 − a·n^b by profile least squares over a 0.01
/// grid of b in [0.3, 3]; B1e_lin, a straight line on the last half of the visible points; the extrapolations clipped
/// to [cut + 1, 3 × the longest observed reference life]. Ported rule for rule so the figures match the benchmark's.
/// </summary>
internal static class LabBaselines
{
    public const int MinFitPoints = 3;
    static readonly double[] BGrid = Enumerable.Range(0, 271).Select(i => Math.Round(0.30 + 0.01 * i, 2)).ToArray();

    public sealed record Power(double A, double B, double N)
    {
        public double Soh(double n) => 1 - A * Math.Pow(n / N, B);
        public double Eol(double thr) => N * Math.Pow((1 - thr) / A, 1 / B);
    }

    public sealed record Line(double Slope, double Intercept)
    {
        public double Soh(double n) => Intercept + Slope * n;
        public double Eol(double thr) => Slope >= 0 ? double.PositiveInfinity : (thr - Intercept) / Slope;
    }

    public static Power? FitPower(double[] cyc, double[] soh)
    {
        var idx = Enumerable.Range(0, cyc.Length).Where(i => cyc[i] > 0).ToArray();
        if (cyc.Length < MinFitPoints || idx.Length < 2) return null;
        var n = idx.Select(i => cyc[i]).ToArray();
        var y = idx.Select(i => 1 - soh[i]).ToArray();
        var max = n.Max();
        Power? best = null;
        var bestSse = double.PositiveInfinity;
        foreach (var b in BGrid)
        {
            double xy = 0, xx = 0;
            var x = n.Select(v => Math.Pow(v / max, b)).ToArray();
            for (var j = 0; j < x.Length; j++) { xy += x[j] * y[j]; xx += x[j] * x[j]; }
            var a = Math.Max(xy / xx, 1e-12);
            double sse = 0;
            for (var j = 0; j < x.Length; j++) { var d = y[j] - a * x[j]; sse += d * d; }
            if (sse < bestSse) (bestSse, best) = (sse, new Power(a, b, max));
        }
        return best;
    }

    public static Line? FitLine(double[] cyc, double[] soh)
    {
        if (cyc.Length < MinFitPoints) return null;
        var m = Math.Max(2, (int)Math.Ceiling(cyc.Length / 2.0));
        var x = cyc[^m..];
        var y = soh[^m..];
        if (x.Distinct().Count() < 2) return null;
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0;
        for (var j = 0; j < x.Length; j++) { sxy += (x[j] - mx) * (y[j] - my); sxx += (x[j] - mx) * (x[j] - mx); }
        var slope = sxy / sxx;
        return new Line(slope, my - slope * mx);
    }

    public sealed record DoubleExp(double A, double B, double C, double D, double N)
    {
        public double Soh(double n) => A * Math.Exp(B * n / N) + C * Math.Exp(D * n / N);

        /// <summary>First crossing on a 6001-point grid from the cut to the cap; infinity if none.</summary>
        public double Eol(double thr, double cut, double cap)
        {
            var end = Math.Max(cap, cut + 2);
            for (var i = 0; i <= 6000; i++)
            {
                var x = cut + (end - cut) * i / 6000.0;
                var s = Soh(x);
                if (double.IsFinite(s) && s < thr) return x;
            }
            return double.PositiveInfinity;
        }
    }

    static readonly double[] DexpB = Enumerable.Range(0, 101).Select(i => Math.Round(-5.0 + 0.1 * i, 2)).ToArray();
    static readonly double[] DexpD = Enumerable.Range(0, 126).Select(i => Math.Round(-5.0 + 0.2 * i, 2)).ToArray();
    const int DexpMinPoints = 8;

    /// <summary>B1e_dexp: a·e^{bx} + c·e^{dx}, x = n / last visible cycle, on the last half of the points, by variable projection on the (b, d) grid.</summary>
    public static DoubleExp? FitDoubleExp(double[] cyc, double[] soh)
    {
        if (cyc.Length < MinFitPoints) return null;
        var m = Math.Max(2, (int)Math.Ceiling(cyc.Length / 2.0));
        if (m < DexpMinPoints) return null;
        var x = cyc[^m..];
        var y = soh[^m..];
        var n = cyc[^1];
        var eb = DexpB.Select(b => x.Select(v => Math.Exp(b * v / n)).ToArray()).ToArray();
        var ed = DexpD.Select(d => x.Select(v => Math.Exp(d * v / n)).ToArray()).ToArray();
        double Dot(double[] a, double[] b) { double t = 0; for (var k = 0; k < a.Length; k++) t += a[k] * b[k]; return t; }
        var g11 = eb.Select(r => Dot(r, r)).ToArray();
        var g22 = ed.Select(r => Dot(r, r)).ToArray();
        var r1 = eb.Select(r => Dot(r, y)).ToArray();
        var r2 = ed.Select(r => Dot(r, y)).ToArray();
        var yy = Dot(y, y);
        DoubleExp? best = null;
        var bestSse = double.PositiveInfinity;
        for (var i = 0; i < DexpB.Length; i++)
            for (var j = 0; j < DexpD.Length; j++)
            {
                if (Math.Abs(DexpB[i] - DexpD[j]) < 0.199) continue;
                var g12 = Dot(eb[i], ed[j]);
                var det = g11[i] * g22[j] - g12 * g12;
                if (!(det > 1e-12 * g11[i] * g22[j])) continue;
                var a = (g22[j] * r1[i] - g12 * r2[j]) / det;
                var c = (g11[i] * r2[j] - g12 * r1[i]) / det;
                var sse = yy - (a * r1[i] + c * r2[j]);
                if (double.IsFinite(sse) && sse < bestSse) (bestSse, best) = (sse, new DoubleExp(a, DexpB[i], c, DexpD[j], n));
            }
        return best;
    }

    public static double Clip(double x, double cut, double cap)
    {
        if (!double.IsFinite(x) || x > cap) return Math.Max(cap, cut + 1);
        return Math.Min(Math.Max(x, cut + 1), Math.Max(cap, cut + 1));
    }

    /// <summary>B2's ridge (baselines.py ridge_loo): standardised features, unpenalised intercept, λ by closed-form leave-one-out.</summary>
    public static (double[] All, double[] LeaveOneOut) Ridge(double[][] xTrain, double[] y, double[][] xAll)
    {
        int n = xTrain.Length, p = xTrain[0].Length;
        var mu = Enumerable.Range(0, p).Select(j => xTrain.Average(r => r[j])).ToArray();
        var sd = Enumerable.Range(0, p).Select(j => Math.Sqrt(xTrain.Average(r => (r[j] - mu[j]) * (r[j] - mu[j])))).Select(s => s == 0 ? 1 : s).ToArray();
        double[][] Z(double[][] x) => x.Select(r => r.Select((v, j) => (v - mu[j]) / sd[j]).ToArray()).ToArray();
        var z = Z(xTrain);
        var za = Z(xAll);
        var ym = y.Average();
        (double Mse, double[] W, double[] Loo)? best = null;
        for (var k = 0; k <= 24; k++)
        {
            var lambda = Math.Pow(10, -3 + 0.25 * k);
            var a = new double[p, p];
            for (var i = 0; i < p; i++)
                for (var j = 0; j < p; j++)
                    a[i, j] = z.Sum(r => r[i] * r[j]) + (i == j ? lambda : 0);
            var inv = Invert(a, p);
            var zty = Enumerable.Range(0, p).Select(i => z.Select((r, t) => r[i] * (y[t] - ym)).Sum()).ToArray();
            var w = Enumerable.Range(0, p).Select(i => Enumerable.Range(0, p).Sum(j => inv[i, j] * zty[j])).ToArray();
            var loo = new double[n];
            double mse = 0;
            for (var t = 0; t < n; t++)
            {
                double h = 1.0 / n;
                for (var i = 0; i < p; i++)
                    for (var j = 0; j < p; j++)
                        h += z[t][i] * inv[i, j] * z[t][j];
                var e = y[t] - (ym + Dot(z[t], w));
                var looE = e / (1 - h);
                loo[t] = y[t] - looE;
                mse += looE * looE / n;
            }
            if (best is null || mse < best.Value.Mse) best = (mse, w, loo);
        }
        return (za.Select(r => ym + Dot(r, best!.Value.W)).ToArray(), best!.Value.Loo);
    }

    static double Dot(double[] a, double[] b) => a.Select((v, i) => v * b[i]).Sum();

    static double[,] Invert(double[,] a, int p)
    {
        var m = new double[p, 2 * p];
        for (var i = 0; i < p; i++) { for (var j = 0; j < p; j++) m[i, j] = a[i, j]; m[i, p + i] = 1; }
        for (var c = 0; c < p; c++)
        {
            var piv = c;
            for (var r = c + 1; r < p; r++) if (Math.Abs(m[r, c]) > Math.Abs(m[piv, c])) piv = r;
            for (var j = 0; j < 2 * p; j++) (m[c, j], m[piv, j]) = (m[piv, j], m[c, j]);
            var d = m[c, c];
            for (var j = 0; j < 2 * p; j++) m[c, j] /= d;
            for (var r = 0; r < p; r++)
            {
                if (r == c) continue;
                var f = m[r, c];
                for (var j = 0; j < 2 * p; j++) m[r, j] -= f * m[c, j];
            }
        }
        var inv = new double[p, p];
        for (var i = 0; i < p; i++) for (var j = 0; j < p; j++) inv[i, j] = m[i, p + j];
        return inv;
    }

    /// <summary>The T3 path of B0/B2/B3: a power-law-shaped path from the current SOH at the last visible cycle to the threshold at the forecast end of life.</summary>
    public static double Anchored(double n, double tA, double sA, double thr, double eol, double b)
    {
        sA = Math.Max(sA, thr + 1e-3);
        eol = Math.Max(eol, tA + 1);
        var num = Math.Pow(Math.Max(n, 0), b) - Math.Pow(tA, b);
        var den = Math.Pow(eol, b) - Math.Pow(tA, b);
        return sA - (sA - thr) * num / den;
    }
}
