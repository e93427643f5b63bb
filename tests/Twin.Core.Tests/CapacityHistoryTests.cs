using Twin.Core.Fade;

namespace Twin.Core.Tests;

public sealed class CapacityHistoryTests
{
    static IEnumerable<(int, double)> Linear(double q0, double lossPerCycle, int cycles) =>
        Enumerable.Range(1, cycles).Select(n => (n, q0 * (1 - lossPerCycle * n)));

    [Fact]
    public void ReferenceCapacityIsTheMedianOfTheFirstFiveCycles()
    {
        var history = CapacityHistory.FromCapacities([(1, 1.00), (2, 1.10), (3, 1.02), (4, 0.98), (5, 1.01), (6, 1.0)]);
        Assert.Equal(1.01, history.ReferenceCapacity, 12);
    }

    [Fact]
    public void EndOfLifeIsTheFirstCycleBelowTheThreshold()
    {
        var history = CapacityHistory.FromCapacities(Linear(2.0, 0.001, 400));
        // SOH(n) = (1 - 0.001 n) / (1 - 0.003) (Q_ref = capacity at cycle 3) < 0.8 first at n = 203.
        Assert.Equal(203, history.FirstCycleBelow(0.8));
    }

    [Fact]
    public void OneLowReadingDoesNotEndALife()
    {
        var points = Linear(1.0, 0.0002, 300).ToList();
        points[149] = (150, 0.5); // a single bad measurement
        var history = CapacityHistory.FromCapacities(points);
        Assert.True(history.Points[149].IsOutlier);
        Assert.Null(history.FirstCycleBelow(0.8));
    }

    [Fact]
    public void ACellStillAboveTheThresholdHasNoEndOfLife()
    {
        var history = CapacityHistory.FromCapacities(Linear(1.0, 0.0001, 500));
        Assert.Null(history.FirstCycleBelow(0.8));
        Assert.Equal(500, history.LastCycle);
    }

    [Fact]
    public void PowerLawFitRecoversTheExponent()
    {
        // 1 - SOH = 0.002 n^0.7 exactly, with Q_ref = 1 given.
        var points = Enumerable.Range(1, 400).Select(n => (n, 1 - 0.002 * Math.Pow(n, 0.7)));
        var fit = CapacityHistory.FromCapacities(points, referenceCapacity: 1.0).FitPowerLaw(minFade: 0.01);
        Assert.NotNull(fit);
        Assert.Equal(0.7, fit.Value.B, 6);
        Assert.Equal(Math.Log(0.002), fit.Value.LogA, 6);
    }

    [Fact]
    public void NonPositiveAndNonFiniteCapacitiesAreDropped()
    {
        var history = CapacityHistory.FromCapacities([(1, 1.0), (2, double.NaN), (3, -1), (4, 0.99), (5, double.PositiveInfinity)]);
        Assert.Equal([1, 4], history.Points.Select(p => p.Cycle));
    }
}
