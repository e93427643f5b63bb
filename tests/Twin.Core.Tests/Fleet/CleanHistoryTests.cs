using Twin.Core.Fleet;

namespace Twin.Core.Tests.Fleet;

public sealed class CleanHistoryTests
{
    static List<CycleReading> Flat(int cycles, double q = 1.0) => Enumerable.Range(1, cycles).Select(n => new CycleReading(n, q * (1 - 0.0005 * n))).ToList();

    [Fact]
    public void FlaggedRowsAndAUnitSlipAreLeftOutAndCountedNotFatal()
    {
        var rows = Flat(50, 1.1);
        rows[20] = rows[20] with { CapacityAh = 2.88 };               // the Severson 2.88 Ah row
        rows[30] = rows[30] with { CapacityAh = 0.2, Flagged = true };  // flagged by the source
        var h = CleanHistory.Clean(rows);
        Assert.Equal(48, h.Count);
        Assert.Equal(1, h.FlaggedDropped);
        Assert.Equal(1, h.JumpsDropped);
        Assert.DoesNotContain(21, h.Cycles);
        Assert.DoesNotContain(31, h.Cycles);
    }

    [Fact]
    public void TheLaterOfTwoRowsWithTheSameCycleIsKept()
    {
        var rows = Flat(10);
        rows.Add(new CycleReading(7, 0.99));
        var h = CleanHistory.Clean(rows);
        Assert.Equal(10, h.Count);
        Assert.Equal(0.99, h.Soh[6] * h.ReferenceCapacityAh, 12);
    }

    [Fact]
    public void ReferenceCapacityIsTheMedianOfTheFirstFiveValidCycles()
    {
        var rows = new[] { 1.00, 1.04, 1.02, 0.98, 1.01, 1.0, 0.99 }.Select((q, i) => new CycleReading(i + 1, q)).ToList();
        Assert.Equal(1.01, CleanHistory.Clean(rows).ReferenceCapacityAh, 12);
    }

    [Fact]
    public void CheckupDataUseTheFirstCheckupAndNoSmoothing()
    {
        var rows = new List<CycleReading> { new(0, 0.25), new(100, 0.245), new(300, 0.22), new(500, 0.18) };
        var h = CleanHistory.Clean(rows);
        Assert.True(h.IsCheckupLevel);
        Assert.Equal(0.25, h.ReferenceCapacityAh);
        Assert.Equal(h.Soh, h.Smooth);
        // 0.8 lies between 0.88 at 300 and 0.72 at 500: 300 + 0.5·200 = 400.
        Assert.Equal(400, h.EndOfLife(0.8));
    }

    [Fact]
    public void TwoCheckupsAreEnough()
    {
        var h = CleanHistory.Clean([new(0, 1.0), new(50, 0.97)]);
        Assert.True(h.IsCheckupLevel);
        Assert.Equal(0.97, h.CurrentSoh, 12);
    }

    [Fact]
    public void GapsAndARestartInNumberingKeepEveryDistinctCycle()
    {
        var rows = Flat(20).Where(r => r.Cycle is < 8 or > 12).ToList();   // a gap
        rows.AddRange(Enumerable.Range(1, 3).Select(n => new CycleReading(100 + n, 0.95))); // numbering jumps ahead
        var h = CleanHistory.Clean(rows);
        Assert.Equal(18, h.Count);
        Assert.Equal(103, h.LastCycle);
        Assert.Equal(h.Cycles.Order(), h.Cycles);
    }

    [Fact]
    public void EndOfLifeIsTheSmoothedCrossingSoOneLowReadingDoesNotEndALife()
    {
        var rows = Enumerable.Range(1, 300).Select(n => new CycleReading(n, 1 - 0.001 * n)).ToList();
        rows[99] = rows[99] with { CapacityAh = 0.79 };
        var h = CleanHistory.Clean(rows);
        // Q_ref = 0.997 (cycle 3); smoothed SOH < 0.8 first where 1 − 0.001 n < 0.7976: n = 203.
        Assert.Equal(203, h.EndOfLife(0.8));
    }
}
