namespace Twin.Core.Fleet;

/// <summary>
/// The cell's own curve corrected for its bias at that observable progress: the median log error of the curve
/// fit on the reference cells' held-out cuts nearest in progress (SOH lost so far over SOH to lose; never the
/// fraction of life). A power law fitted before a knee overshoots by a factor that depends on how far the cell
/// has faded; the correction is what the bias-corrected fusion baseline (B3bc) does per fraction of life,
/// learned here from what a forecaster can see.
/// </summary>
internal sealed class OwnCurveBias
{
    /// <summary>At least this many neighbouring cuts, or this share of them, set the median.</summary>
    const int MinNeighbours = 15;
    const double NeighbourShare = 0.2;

    readonly double[] _progress;
    readonly double[] _error;
    readonly int[] _cell;

    OwnCurveBias(double[] progress, double[] error, int[] cell)
    {
        _progress = progress;
        _error = error;
        _cell = cell;
    }

    /// <param name="cuts">(progress, log true − log own-curve end of life, reference cell) of every held-out cut with a curve fit.</param>
    public static OwnCurveBias Learn(IEnumerable<(double Progress, double Error, int Cell)> cuts)
    {
        var list = cuts.Where(c => double.IsFinite(c.Error) && double.IsFinite(c.Progress)).OrderBy(c => c.Progress).ToArray();
        return new OwnCurveBias(list.Select(c => c.Progress).ToArray(), list.Select(c => c.Error).ToArray(), list.Select(c => c.Cell).ToArray());
    }

    /// <summary>The log correction to add to the own curve at this progress (0 without enough cuts); cuts of <paramref name="excludeCell"/> left out.</summary>
    public double At(double progress, int excludeCell = -1)
    {
        var excluded = 0;
        if (excludeCell >= 0) foreach (var c in _cell) if (c == excludeCell) excluded++;
        var candidates = _progress.Length - excluded;
        if (candidates < MinNeighbours) return 0;
        var k = Math.Max(MinNeighbours, (int)(NeighbourShare * candidates));
        // The cuts are sorted by progress: walk outwards from the first at or above it, nearer side first.
        var hi = Array.BinarySearch(_progress, progress);
        if (hi < 0) hi = ~hi;
        else while (hi > 0 && _progress[hi - 1] == progress) hi--;
        var lo = hi - 1;
        var nearest = new double[k];
        for (var n = 0; n < k;)
        {
            var left = lo >= 0 ? progress - _progress[lo] : double.PositiveInfinity;
            var right = hi < _progress.Length ? _progress[hi] - progress : double.PositiveInfinity;
            var i = left <= right ? lo-- : hi++;
            if (_cell[i] != excludeCell) nearest[n++] = _error[i];
        }
        return Stats.Median(nearest);
    }
}
