namespace Twin.Core.Fleet;

/// <summary>
/// The similarity posterior: every reference trajectory, stretched in time by a factor k on a log
/// grid, is compared with the visible (smoothed) SOH; each (reference, k) implies an end of life
/// k · (the reference's crossing of this cell's threshold). Weights come from the mismatch (a
/// Gaussian kernel of bandwidth h, later points optionally weighted more) times the fleet prior
/// on the implied end of life; the mixture's median and spread are the raw forecast.
/// </summary>
internal sealed class TrajectoryMatcher
{
    public static readonly double[] Stretches = Enumerable.Range(0, 57).Select(i => Math.Exp(Math.Log(0.25) + i * Math.Log(16) / 56)).ToArray();

    readonly ReferenceTrajectory[] _refs;
    readonly double _cap;

    public TrajectoryMatcher(ReferenceTrajectory[] refs, double cap)
    {
        _refs = refs;
        _cap = cap;
    }

    /// <summary>
    /// Mismatch per recency exponent and implied log end of life for every (compared reference, stretch); NaN where
    /// not possible. Candidate i is reference <see cref="Reference"/>(i) stretched by <see cref="Stretch"/>(i).
    /// </summary>
    public sealed class Candidates(int[] references, int exponents)
    {
        public readonly double[][] Mismatch = Enumerable.Range(0, exponents).Select(_ => new double[references.Length * Stretches.Length]).ToArray();
        public readonly double[] LogEol = new double[references.Length * Stretches.Length];
        public readonly bool[] Valid = new bool[references.Length * Stretches.Length];
        public int Count => LogEol.Length;
        public int Reference(int i) => references[i / Stretches.Length];
        public static double Stretch(int i) => Stretches[i % Stretches.Length];
    }

    /// <summary>Fleets up to this size are matched in full; bigger ones only on the references that pass a coarse pre-filter.</summary>
    public const int MaxCompared = 96;

    const int CoarsePoints = 8;
    const int CoarseStep = 4;

    public Candidates Compare(CleanHistory visible, double threshold, IReadOnlyList<double> exponents, int maxPoints, int exclude = -1)
    {
        var (xs, ys) = Thin(visible, maxPoints);
        var last = visible.LastCycle;
        var weights = exponents.Select(g => xs.Select(x => Math.Pow(Math.Max(x, 1) / Math.Max(last, 1), g)).ToArray()).ToArray();
        var sums = weights.Select(w => w.Sum()).ToArray();
        var k = Stretches.Length;
        var compared = Shortlist(visible, threshold, exclude);
        var result = new Candidates(compared, exponents.Count);
        var scaled = new double[xs.Length];
        var predicted = new double[xs.Length];
        for (var local = 0; local < compared.Length; local++)
        {
            var r = compared[local];
            var reference = _refs[r];
            var crossing = reference.Crossing(threshold, _cap);
            for (var s = 0; s < k; s++)
            {
                var idx = local * k + s;
                var stretch = Stretches[s];
                var eol = stretch * crossing;
                if (eol <= last) continue;
                for (var j = 0; j < xs.Length; j++) scaled[j] = xs[j] / stretch;
                reference.AtSorted(scaled, predicted);
                for (var g = 0; g < weights.Length; g++)
                {
                    double sse = 0;
                    var w = weights[g];
                    for (var j = 0; j < xs.Length; j++) { var d = ys[j] - predicted[j]; sse += w[j] * d * d; }
                    result.Mismatch[g][idx] = xs.Length == 0 ? 0 : sse / sums[g];
                }
                result.LogEol[idx] = Math.Log(eol);
                result.Valid[idx] = true;
            }
        }
        return result;
    }

    /// <summary>The mixture's 5/50/95% log end of life and the best match's mismatch, for one bandwidth and recency exponent.</summary>
    public static MixtureSummary Summarise(Candidates c, int exponent, double bandwidth, double priorMean, double priorSd)
    {
        var mismatch = c.Mismatch[exponent];
        var logw = new double[c.Count];
        var max = double.NegativeInfinity;
        var best = double.PositiveInfinity;
        for (var i = 0; i < c.Count; i++)
        {
            if (!c.Valid[i]) { logw[i] = double.NegativeInfinity; continue; }
            var z = (c.LogEol[i] - priorMean) / priorSd;
            logw[i] = -mismatch[i] / (2 * bandwidth * bandwidth) - 0.5 * z * z;
            if (logw[i] > max) max = logw[i];
            if (mismatch[i] < best) best = mismatch[i];
        }
        if (double.IsNegativeInfinity(max)) return new MixtureSummary(double.NaN, double.NaN, double.NaN, double.NaN, null);
        var values = new List<double>();
        var weights = new List<double>();
        var indices = new List<int>();
        for (var i = 0; i < c.Count; i++)
        {
            if (logw[i] < max - 25) continue;
            values.Add(c.LogEol[i]);
            weights.Add(Math.Exp(logw[i] - max));
            indices.Add(i);
        }
        double[] v = values.ToArray(), w = weights.ToArray();
        var q = Stats.WeightedQuantiles(v, w, 0.05, 0.5, 0.95);
        return new MixtureSummary(q[0], q[1], q[2], best, (indices.ToArray(), w));
    }

    /// <summary>
    /// The references worth a full comparison: all of a small fleet; of a big one the <see cref="MaxCompared"/> whose
    /// best coarse match (every 4th stretch, 8 visible points) is closest. The kernel weights of the rest are negligible
    /// next to these, and a forecast then costs O(references) only in this cheap pass.
    /// </summary>
    int[] Shortlist(CleanHistory visible, double threshold, int exclude)
    {
        var all = Enumerable.Range(0, _refs.Length).Where(r => r != exclude).ToArray();
        if (all.Length <= MaxCompared) return all;
        var (xs, ys) = Thin(visible, CoarsePoints);
        var last = visible.LastCycle;
        var scaled = new double[xs.Length];
        var predicted = new double[xs.Length];
        var score = new double[all.Length];
        for (var a = 0; a < all.Length; a++)
        {
            var reference = _refs[all[a]];
            var crossing = reference.Crossing(threshold, _cap);
            var best = double.PositiveInfinity;
            for (var s = 0; s < Stretches.Length; s += CoarseStep)
            {
                if (Stretches[s] * crossing <= last) continue;
                for (var j = 0; j < xs.Length; j++) scaled[j] = xs[j] / Stretches[s];
                reference.AtSorted(scaled, predicted);
                double sse = 0;
                for (var j = 0; j < xs.Length; j++) { var d = ys[j] - predicted[j]; sse += d * d; }
                best = Math.Min(best, sse);
            }
            score[a] = best;
        }
        Array.Sort(score, all);
        var kept = all[..MaxCompared];
        Array.Sort(kept);
        return kept;
    }

    /// <summary>At most <paramref name="max"/> visible points, evenly spread by index, the last always included.</summary>
    static (double[] X, double[] Y) Thin(CleanHistory h, int max)
    {
        var n = h.Count;
        if (n <= max) return (h.Cycles.Select(c => (double)c).ToArray(), (double[])h.Smooth.Clone());
        var xs = new double[max];
        var ys = new double[max];
        for (var j = 0; j < max; j++)
        {
            var i = (int)Math.Round((double)j * (n - 1) / (max - 1));
            xs[j] = h.Cycles[i];
            ys[j] = h.Smooth[i];
        }
        return (xs, ys);
    }
}

/// <summary>Quantiles of the similarity mixture in log cycles, the best match's mean squared SOH error, and the weighted components.</summary>
internal sealed record MixtureSummary(double LogQ05, double LogQ50, double LogQ95, double BestMismatch, (int[] Index, double[] Weight)? Components)
{
    public bool IsValid => double.IsFinite(LogQ50);
    public double Spread => 0.5 * (LogQ95 - LogQ05);
}
