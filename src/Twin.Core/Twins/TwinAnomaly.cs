using Twin.Core.Fade;

namespace Twin.Core.Twins;

/// <summary>Something in a cell's history an engineer should look at, and from which cycle.</summary>
public sealed record TwinAnomaly(string Kind, int Cycle, string Detail);

/// <summary>
/// Flags in a capacity history: single-cycle capacity jumps (measurement spikes or rest
/// recoveries), gaps in the cycle numbering, and the onset of a knee (fade accelerating well
/// beyond its earlier rate, where a power law fitted before it overestimates life).
/// </summary>
public static class AnomalyDetector
{
    public const string CapacityJump = "capacity_jump", Gap = "gap", KneeOnset = "knee_onset";

    public static IReadOnlyList<TwinAnomaly> Detect(CapacityHistory history)
    {
        var anomalies = new List<TwinAnomaly>();
        foreach (var p in history.Points.Where(p => p.IsOutlier))
            anomalies.Add(new TwinAnomaly(CapacityJump, p.Cycle, $"SOH {p.Soh:P1} is more than {CapacityHistory.OutlierTolerance:P0} of Q_ref away from its neighbours; ignored by the fit."));
        var valid = history.Points.Where(p => !p.IsOutlier).ToArray();
        if (valid.Length < 2) return anomalies;

        var steps = valid.Zip(valid.Skip(1), (a, b) => b.Cycle - a.Cycle).Order().ToArray();
        var typical = Math.Max(1, steps[steps.Length / 2]);
        for (var i = 1; i < valid.Length; i++)
        {
            var step = valid[i].Cycle - valid[i - 1].Cycle;
            if (step > Math.Max(10, 5 * typical))
                anomalies.Add(new TwinAnomaly(Gap, valid[i - 1].Cycle + 1, $"no data for cycles {valid[i - 1].Cycle + 1}–{valid[i].Cycle - 1}."));
        }

        if (FindKnee(valid) is { } knee) anomalies.Add(knee);
        return anomalies;
    }

    /// <summary>
    /// A knee: the fade rate over the last quarter of the history is at least three times the rate
    /// over the half before it, with at least 3 points of SOH lost since.
    /// </summary>
    static TwinAnomaly? FindKnee(SohPoint[] valid)
    {
        if (valid.Length < 20) return null;
        var quarter = valid.Length / 4;
        var recent = valid[^quarter..];
        var earlier = valid[(valid.Length / 4)..(3 * valid.Length / 4)];
        double Rate(SohPoint[] s) => (s[0].Soh - s[^1].Soh) / Math.Max(1, s[^1].Cycle - s[0].Cycle);
        var recentRate = Rate(recent);
        var earlierRate = Math.Max(1e-6, Rate(earlier));
        if (recentRate < 3 * earlierRate || recent[0].Soh - recent[^1].Soh < 0.03) return null;
        return new TwinAnomaly(KneeOnset, recent[0].Cycle,
            $"fade accelerated to {recentRate * 100:0.###}%/cycle from {earlierRate * 100:0.###}%/cycle; forecasts before this point overestimated life.");
    }
}
