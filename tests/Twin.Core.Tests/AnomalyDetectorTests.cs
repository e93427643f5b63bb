using Twin.Core.Fade;
using Twin.Core.Twins;

namespace Twin.Core.Tests;

public sealed class AnomalyDetectorTests
{
    [Fact]
    public void AJumpAGapAndAKneeAreEachFlaggedAtTheirCycle()
    {
        var points = new List<(int, double)>();
        for (var n = 1; n <= 400; n++)
        {
            if (n is > 100 and < 150) continue; // a gap
            var soh = n < 300 ? 1 - 0.0002 * n : 1 - 0.0002 * 300 - 0.002 * (n - 300); // knee at 300
            points.Add((n, n == 60 ? 0.7 : soh));
        }
        var anomalies = AnomalyDetector.Detect(CapacityHistory.FromCapacities(points, referenceCapacity: 1));
        Assert.Contains(anomalies, a => a.Kind == AnomalyDetector.CapacityJump && a.Cycle == 60);
        Assert.Contains(anomalies, a => a.Kind == AnomalyDetector.Gap && a.Cycle == 101);
        var knee = Assert.Single(anomalies, a => a.Kind == AnomalyDetector.KneeOnset);
        Assert.InRange(knee.Cycle, 290, 330);
    }

    [Fact]
    public void ASmoothHistoryHasNoAnomalies()
    {
        var points = Enumerable.Range(1, 300).Select(n => (n, 1 - 0.0005 * n));
        Assert.Empty(AnomalyDetector.Detect(CapacityHistory.FromCapacities(points, referenceCapacity: 1)));
    }
}
