namespace Twin.Core.Fleet;

/// <summary>
/// A reference cell's smoothed SOH path, ready to be stretched in time: value at any cycle
/// (linear between points, the tail's slope beyond the end) and the cycle where it first falls
/// below a threshold (extrapolated along the tail when the cell is still running).
/// </summary>
internal sealed class ReferenceTrajectory
{
    readonly double[] _cycles;
    readonly double[] _soh;
    readonly double[] _runningMin;
    readonly double _tailSlope;
    readonly bool _checkup;

    public ReferenceTrajectory(CleanHistory history)
    {
        _cycles = history.Cycles.Select(c => (double)c).ToArray();
        _soh = history.Smooth;
        _checkup = history.IsCheckupLevel;
        _runningMin = new double[_soh.Length];
        var m = double.PositiveInfinity;
        for (var i = 0; i < _soh.Length; i++) _runningMin[i] = m = Math.Min(m, _soh[i]);
        _tailSlope = TailSlope(_cycles, _soh);
    }

    public double LastCycle => _cycles[^1];
    public int Count => _cycles.Length;

    /// <summary>SOH at (possibly fractional) cycle x.</summary>
    public double At(double x)
    {
        if (x <= _cycles[0]) return _soh[0];
        if (x >= _cycles[^1]) return Math.Max(0, _soh[^1] - _tailSlope * (x - _cycles[^1]));
        var i = Array.BinarySearch(_cycles, x);
        if (i >= 0) return _soh[i];
        i = ~i;
        var t = (x - _cycles[i - 1]) / (_cycles[i] - _cycles[i - 1]);
        return _soh[i - 1] + t * (_soh[i] - _soh[i - 1]);
    }

    /// <summary>Fills <paramref name="output"/> with the SOH at increasing cycles xs (a walking pointer instead of a search per point).</summary>
    public void AtSorted(ReadOnlySpan<double> xs, Span<double> output)
    {
        var i = 1;
        for (var j = 0; j < xs.Length; j++)
        {
            var x = xs[j];
            if (x <= _cycles[0]) { output[j] = _soh[0]; continue; }
            if (x >= _cycles[^1]) { output[j] = Math.Max(0, _soh[^1] - _tailSlope * (x - _cycles[^1])); continue; }
            while (_cycles[i] < x) i++;
            var t = (x - _cycles[i - 1]) / (_cycles[i] - _cycles[i - 1]);
            output[j] = _soh[i - 1] + t * (_soh[i] - _soh[i - 1]);
        }
    }

    /// <summary>First cycle below the threshold (smoothed, as the benchmark defines end of life), extrapolated when not reached; capped at <paramref name="cap"/>.</summary>
    public double Crossing(double threshold, double cap)
    {
        var lo = 0;
        var hi = _runningMin.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_runningMin[mid] < threshold) hi = mid; else lo = mid + 1;
        }
        if (lo < _runningMin.Length)
        {
            if (!_checkup || lo == 0) return _cycles[lo];
            double s0 = _runningMin[lo - 1], s1 = _runningMin[lo];
            return _cycles[lo - 1] + (s0 - threshold) / Math.Max(1e-12, s0 - s1) * (_cycles[lo] - _cycles[lo - 1]);
        }
        if (_tailSlope <= 0) return cap;
        return Math.Min(cap, _cycles[^1] + (_runningMin[^1] - threshold) / _tailSlope);
    }

    /// <summary>Fade per cycle over the last fifth of the history (at least 3 points), ≥ 0.</summary>
    static double TailSlope(double[] x, double[] y)
    {
        var n = x.Length;
        if (n < 2) return 0;
        var start = Math.Max(0, Math.Min(n - 3, (int)(0.8 * n)));
        double mx = 0, my = 0;
        var m = n - start;
        for (var i = start; i < n; i++) { mx += x[i]; my += y[i]; }
        mx /= m; my /= m;
        double sxy = 0, sxx = 0;
        for (var i = start; i < n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); }
        return sxx <= 0 ? 0 : Math.Max(0, -sxy / sxx);
    }
}
