using System.Text.Json.Serialization;
using Twin.Core.Designs;
using Twin.Core.Fade;

namespace Twin.Core.WhatIf;

/// <summary>
/// A cell's own calibration, from its fitted twin: its median log cycles to 80%, the spread of
/// that estimate (log-cycles, 1σ), its fade-law exponent, and when it was fitted. A cell without
/// one stands on its design prior.
/// </summary>
public sealed record CellCalibration(double LogEol80, double LogSd, double Exponent, DateTimeOffset? FittedAt, bool Stale);

public sealed record WhatIfCell(string CellId, CellDesign Design, CellCalibration? Calibration);

/// <summary>A median and its 90% interval; a value type, as a million-cell what-if makes three per cell.</summary>
public readonly record struct Interval90(double P50, double Lower, double Upper);

public sealed record WhatIfCellResult(
    string CellId, bool Calibrated, Interval90 Before, Interval90 After, Interval90 Change,
    double ProbabilityAfterLonger, bool Extrapolated, DateTimeOffset? FittedAt, bool Stale);

public sealed record Distribution(
    [property: JsonPropertyName("quantiles")] IReadOnlyDictionary<string, double> Quantiles,
    [property: JsonPropertyName("bin_edges")] IReadOnlyList<double> BinEdges, [property: JsonPropertyName("counts")] IReadOnlyList<int> Counts);

public sealed record SohBandPoint(
    [property: JsonPropertyName("cycle")] int Cycle,
    [property: JsonPropertyName("p50")] double P50, [property: JsonPropertyName("lower80")] double Lower80, [property: JsonPropertyName("upper80")] double Upper80, [property: JsonPropertyName("lower90")] double Lower90, [property: JsonPropertyName("upper90")] double Upper90);

public sealed record WhatIfSummary(
    [property: JsonPropertyName("cells")] int Cells, [property: JsonPropertyName("calibrated")] int Calibrated, [property: JsonPropertyName("before")] Distribution Before, [property: JsonPropertyName("after")] Distribution After, [property: JsonPropertyName("change")] Distribution Change,
    [property: JsonPropertyName("probability_median_longer")] double ProbabilityMedianLonger, [property: JsonPropertyName("median_before")] double MedianBefore, [property: JsonPropertyName("median_after")] double MedianAfter,
    [property: JsonPropertyName("soh_before")] IReadOnlyList<SohBandPoint> SohBefore, [property: JsonPropertyName("soh_after")] IReadOnlyList<SohBandPoint> SohAfter,
    [property: JsonPropertyName("share_reaching_target_before")] double? ShareReachingTargetBefore, [property: JsonPropertyName("share_reaching_target_after")] double? ShareReachingTargetAfter, [property: JsonPropertyName("sampled_cells")] int SampledCells, [property: JsonPropertyName("draws")] int Draws);

public sealed record WhatIfResult(IReadOnlyList<WhatIfCellResult> Cells, WhatIfSummary Summary);

/// <summary>
/// A fleet what-if: every cell keeps its own calibration (its twin's offset from its design
/// prior), and the change moves it by the design model's effect, Δ = log life(after design) −
/// log life(before design), with the effect's own uncertainty (<see cref="EffectModel"/>). So a
/// cell's "after" is its measured self, moved — not a fresh prior — and the interval of the
/// change is the uncertainty of the effect, not of the absolute life. Per-cell figures are closed
/// form; the fleet median's P(after &gt; before) is a seeded Monte Carlo whose effect errors are
/// shared by all cells of one design (the model's error for a design is the same for each).
/// </summary>
public static class FleetWhatIf
{
    /// <summary>Cells used for the fleet's Monte Carlo and SOH bands; larger fleets are sampled (seeded).</summary>
    public const int MaxSampledCells = 5000;
    public const int Draws = 400;
    static readonly double[] QuantileLevels = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95];

    public static WhatIfResult Run(IReadOnlyList<WhatIfCell> cells, DesignChange change,
        Func<IReadOnlyList<CellDesign>, IReadOnlyList<DesignPoint>> predict, int seed, double? cycleTarget = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(cells.Count);
        // One batched model call for every distinct design before and after.
        var designs = new Dictionary<CellDesign, int>();
        var beforeIndex = new int[cells.Count];
        var afterIndex = new int[cells.Count];
        int IndexOf(CellDesign d)
        {
            if (!designs.TryGetValue(d, out var i)) designs[d] = i = designs.Count;
            return i;
        }
        var changed = new Dictionary<CellDesign, int>(); // before design -> index of its changed design
        for (var i = 0; i < cells.Count; i++)
        {
            var design = cells[i].Design;
            beforeIndex[i] = IndexOf(design);
            if (!changed.TryGetValue(design, out afterIndex[i])) changed[design] = afterIndex[i] = IndexOf(change.ApplyTo(design));
        }
        var points = predict(designs.Keys.ToArray());

        var n = cells.Count;
        var mu = new double[n];
        var sdCell = new double[n];
        var delta = new double[n];
        var sdEffect = new double[n];
        var expBefore = new double[n];
        var expAfter = new double[n];
        var results = new WhatIfCellResult[n];
        var calibrated = 0;
        for (var i = 0; i < n; i++)
        {
            var (b, a) = (points[beforeIndex[i]], points[afterIndex[i]]);
            var cal = cells[i].Calibration;
            if (cal is not null) calibrated++;
            mu[i] = cal?.LogEol80 ?? b.LogEol80;
            sdCell[i] = cal?.LogSd ?? b.HalfWidth90 / Normal.Z90;
            expBefore[i] = cal?.Exponent ?? b.Exponent;
            expAfter[i] = expBefore[i] * a.Exponent / b.Exponent; // the design's change of shape carries over too
            delta[i] = a.LogEol80 - b.LogEol80;
            sdEffect[i] = EffectModel.Sigma(b, a, beforeIndex[i] == afterIndex[i]);
            var life = Math.Exp(mu[i]);
            var sdAfter = Math.Sqrt(sdCell[i] * sdCell[i] + sdEffect[i] * sdEffect[i]);
            results[i] = new WhatIfCellResult(cells[i].CellId, cal is not null,
                new Interval90(life, Math.Exp(mu[i] - Normal.Z90 * sdCell[i]), Math.Exp(mu[i] + Normal.Z90 * sdCell[i])),
                new Interval90(Math.Exp(mu[i] + delta[i]), Math.Exp(mu[i] + delta[i] - Normal.Z90 * sdAfter), Math.Exp(mu[i] + delta[i] + Normal.Z90 * sdAfter)),
                new Interval90(life * (Math.Exp(delta[i]) - 1), life * (Math.Exp(delta[i] - Normal.Z90 * sdEffect[i]) - 1), life * (Math.Exp(delta[i] + Normal.Z90 * sdEffect[i]) - 1)),
                EffectModel.ProbabilityBetter(delta[i], sdEffect[i]), b.Extrapolated || a.Extrapolated, cal?.FittedAt, cal?.Stale ?? false);
        }

        var rng = new Random(seed);
        var sample = Sample(n, rng);
        var (pMedian, medianBefore, medianAfter) = FleetMedian(sample, mu, sdCell, delta, sdEffect, afterIndex, designs.Count, rng);
        var befores = results.Select(r => r.Before.P50).ToArray();
        var afters = results.Select(r => r.After.P50).ToArray();
        var lo = Math.Min(befores.Min(), afters.Min());
        var hi = Math.Max(befores.Max(), afters.Max());
        var horizon = Quantile(afters.Concat(befores).ToArray(), 0.95) * 1.3;
        var summary = new WhatIfSummary(n, calibrated,
            LogHistogram(befores, lo, hi), LogHistogram(afters, lo, hi), LinearHistogram(results.Select(r => r.Change.P50).ToArray()),
            pMedian, medianBefore, medianAfter,
            SohBands(sample, mu, expBefore, horizon), SohBands(sample, mu.Select((m, i) => m + delta[i]).ToArray(), expAfter, horizon),
            cycleTarget is { } t ? Share(mu, sdCell, t) : null,
            cycleTarget is { } t2 ? Share(mu.Select((m, i) => m + delta[i]).ToArray(), sdCell.Select((s, i) => Math.Sqrt(s * s + sdEffect[i] * sdEffect[i])).ToArray(), t2) : null,
            sample.Length, Draws);
        return new WhatIfResult(results, summary);
    }

    static int[] Sample(int n, Random rng)
    {
        var all = Enumerable.Range(0, n).ToArray();
        if (n <= MaxSampledCells) return all;
        rng.Shuffle(all);
        return all[..MaxSampledCells];
    }

    /// <summary>P(median after &gt; median before) over the fleet, with effect errors shared per after-design.</summary>
    static (double P, double MedianBefore, double MedianAfter) FleetMedian(int[] sample, double[] mu, double[] sdCell, double[] delta, double[] sdEffect, int[] group, int groups, Random rng)
    {
        var before = new double[sample.Length];
        var after = new double[sample.Length];
        var shared = new double[groups];
        var longer = 0;
        for (var d = 0; d < Draws; d++)
        {
            for (var g = 0; g < groups; g++) shared[g] = Normal.Sample(rng);
            for (var k = 0; k < sample.Length; k++)
            {
                var i = sample[k];
                before[k] = mu[i] + sdCell[i] * Normal.Sample(rng);
                after[k] = before[k] + delta[i] + sdEffect[i] * shared[group[i]];
            }
            if (Quantile(after, 0.5) > Quantile(before, 0.5)) longer++;
        }
        var medianBefore = Math.Exp(Quantile(sample.Select(i => mu[i]).ToArray(), 0.5));
        var medianAfter = Math.Exp(Quantile(sample.Select(i => mu[i] + delta[i]).ToArray(), 0.5));
        return ((double)longer / Draws, medianBefore, medianAfter);
    }

    /// <summary>Expected share of cells whose life reaches <paramref name="target"/> cycles (each cell's own probability, averaged).</summary>
    static double Share(double[] mu, double[] sd, double target)
    {
        var logT = Math.Log(Math.Max(1, target));
        double total = 0;
        for (var i = 0; i < mu.Length; i++) total += sd[i] > 0 ? Normal.Cdf((mu[i] - logT) / sd[i]) : mu[i] >= logT ? 1 : 0;
        return total / mu.Length;
    }

    /// <summary>The fleet's SOH over cycles: median and 80/90% bands across (sampled) cells, each on its own fade law.</summary>
    static IReadOnlyList<SohBandPoint> SohBands(int[] sample, double[] logEol80, double[] exponent, double horizon)
    {
        const int Steps = 30;
        var bands = new List<SohBandPoint>(Steps + 1);
        var soh = new double[sample.Length];
        for (var s = 0; s <= Steps; s++)
        {
            var cycle = (int)Math.Round(horizon * s / Steps);
            for (var k = 0; k < sample.Length; k++)
            {
                var i = sample[k];
                soh[k] = Math.Max(0, new FadeLaw(Math.Exp(logEol80[i]), Math.Clamp(exponent[i], FadeLaw.MinB, FadeLaw.MaxB)).Soh(cycle));
            }
            Array.Sort(soh);
            bands.Add(new SohBandPoint(cycle, Sorted(soh, 0.5), Sorted(soh, 0.1), Sorted(soh, 0.9), Sorted(soh, 0.05), Sorted(soh, 0.95)));
        }
        return bands;
    }

    static Distribution LogHistogram(double[] values, double lo, double hi)
    {
        const int Bins = 20;
        var (a, b) = (Math.Log(Math.Max(lo, 1e-9)), Math.Log(Math.Max(hi, 1e-9)));
        if (b - a < 1e-9) b = a + 1e-3;
        var edges = Enumerable.Range(0, Bins + 1).Select(k => Math.Exp(a + (b - a) * k / Bins)).ToArray();
        var counts = new int[Bins];
        foreach (var v in values) counts[Math.Clamp((int)((Math.Log(Math.Max(v, 1e-9)) - a) / (b - a) * Bins), 0, Bins - 1)]++;
        return new Distribution(Quantiles(values), edges, counts);
    }

    static Distribution LinearHistogram(double[] values)
    {
        const int Bins = 20;
        var (a, b) = (values.Min(), values.Max());
        if (b - a < 1e-9) b = a + 1;
        var edges = Enumerable.Range(0, Bins + 1).Select(k => a + (b - a) * k / Bins).ToArray();
        var counts = new int[Bins];
        foreach (var v in values) counts[Math.Clamp((int)((v - a) / (b - a) * Bins), 0, Bins - 1)]++;
        return new Distribution(Quantiles(values), edges, counts);
    }

    static Dictionary<string, double> Quantiles(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return QuantileLevels.ToDictionary(q => $"p{q * 100:0}", q => Sorted(sorted, q));
    }

    static double Quantile(double[] values, double q)
    {
        var copy = (double[])values.Clone();
        Array.Sort(copy);
        return Sorted(copy, q);
    }

    /// <summary>Linear interpolation between order statistics of a sorted array.</summary>
    static double Sorted(double[] sorted, double q)
    {
        var h = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(sorted.Length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
