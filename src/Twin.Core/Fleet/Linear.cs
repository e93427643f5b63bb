namespace Twin.Core.Fleet;

/// <summary>Dense symmetric positive definite solves for small ridge problems (the fleet prior, the design model's ridge baseline).</summary>
public static class Linear
{
    /// <summary>In-place Cholesky factor (lower triangle); false when the matrix is not positive definite.</summary>
    public static bool Cholesky(double[,] a)
    {
        var n = a.GetLength(0);
        for (var j = 0; j < n; j++)
        {
            var d = a[j, j];
            for (var k = 0; k < j; k++) d -= a[j, k] * a[j, k];
            if (d <= 1e-12) return false;
            a[j, j] = Math.Sqrt(d);
            for (var i = j + 1; i < n; i++)
            {
                var s = a[i, j];
                for (var k = 0; k < j; k++) s -= a[i, k] * a[j, k];
                a[i, j] = s / a[j, j];
            }
        }
        return true;
    }

    /// <summary>Solves L Lᵀ x = b for a factor from <see cref="Cholesky"/>.</summary>
    public static double[] Solve(double[,] l, double[] b)
    {
        var n = b.Length;
        var z = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++) s -= l[i, k] * z[k];
            z[i] = s / l[i, i];
        }
        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var s = z[i];
            for (var k = i + 1; k < n; k++) s -= l[k, i] * x[k];
            x[i] = s / l[i, i];
        }
        return x;
    }

    public static double Dot(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
