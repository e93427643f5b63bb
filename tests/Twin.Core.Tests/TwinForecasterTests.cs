using Twin.Core.Fade;
using Twin.Core.Twins;

namespace Twin.Core.Tests;

public sealed class TwinForecasterTests
{
    // A cell that truly follows 1 − SOH = 0.2·(n/600)^1.2, with Q_ref = 2 Ah and small deterministic noise.
    static readonly FadeLaw Truth = new(600, 1.2);

    static CapacityHistory Observed(int cycles) => CapacityHistory.FromCapacities(
        Enumerable.Range(1, cycles).Select(n => (n, 2.0 * (Truth.Soh(n) + 0.002 * Math.Sin(n * 1.7)))), referenceCapacity: 2.0);

    static readonly TwinPrior WrongPrior = new(Math.Log(2000), 0.6, 0, 0.5, "test");

    [Fact]
    public void EarlyInLifeThePriorDominatesAndLateTheDataDo()
    {
        var early = TwinForecaster.Forecast(Observed(20), WrongPrior, EolThreshold.Default, TwinCalibration.Uncalibrated);
        var late = TwinForecaster.Forecast(Observed(450), WrongPrior, EolThreshold.Default, TwinCalibration.Uncalibrated);
        Assert.True(early.DataWeight < late.DataWeight);
        Assert.True(late.DataWeight > 0.9);
        Assert.InRange(late.EolP50, 540, 660); // the data pull a prior of 2000 cycles to the true 600
        Assert.True(Math.Abs(Math.Log(early.EolP50 / 2000)) < Math.Abs(Math.Log(early.EolP50 / 600)), "20 cycles of nearly flat data should not overrule the prior");
    }

    [Fact]
    public void TheIntervalShrinksAsCyclesArriveAndHoldsTheTruth()
    {
        double previousWidth = double.PositiveInfinity;
        foreach (var n in new[] { 50, 150, 300, 450 })
        {
            var f = TwinForecaster.Forecast(Observed(n), WrongPrior, EolThreshold.Default, TwinCalibration.Uncalibrated);
            var i = f.Eol(0.90);
            var width = Math.Log(i.Upper / i.Lower);
            Assert.True(width < previousWidth, $"90% interval did not shrink at {n} cycles: {width} ≥ {previousWidth}");
            previousWidth = width;
        }
        var last = TwinForecaster.Forecast(Observed(450), WrongPrior, EolThreshold.Default, TwinCalibration.Uncalibrated).Eol(0.90);
        Assert.InRange(600, last.Lower, last.Upper);
    }

    [Fact]
    public void AnEndOfLifeBeforeTheLastCycleIsRuledOutWhileTheCellIsAboveThreshold()
    {
        var prior = new TwinPrior(Math.Log(100), 0.3, 0, 0.5, "test"); // says the cell should already be dead
        var f = TwinForecaster.Forecast(Observed(300), prior, EolThreshold.Default, TwinCalibration.Uncalibrated);
        Assert.False(f.EndOfLifeReached);
        Assert.All(f.EolIntervals, i => Assert.True(i.Lower > 300));
        Assert.True(f.EolP50 > 300);
    }

    [Fact]
    public void ACellPastItsThresholdReportsTheObservedEndOfLife()
    {
        var f = TwinForecaster.Forecast(Observed(700), WrongPrior, EolThreshold.Default, TwinCalibration.Uncalibrated);
        Assert.True(f.EndOfLifeReached);
        Assert.InRange(f.EolP50, 598, 602);
        Assert.Equal(0, f.RulP50);
    }

    [Fact]
    public void AnAbsoluteThresholdUsesTheCellsOwnReferenceCapacity()
    {
        // 1.5 Ah of a 2 Ah cell is 75%: later than 80%.
        var at80 = TwinForecaster.Forecast(Observed(450), WrongPrior, EolThreshold.Default, TwinCalibration.Uncalibrated);
        var at1p5 = TwinForecaster.Forecast(Observed(450), WrongPrior, EolThreshold.Parse("1.5Ah"), TwinCalibration.Uncalibrated);
        Assert.Equal(0.75, at1p5.Threshold, 9);
        Assert.True(at1p5.EolP50 > at80.EolP50);
        Assert.InRange(at1p5.EolP50, 0.9 * Truth.CycleAtSoh(0.75), 1.1 * Truth.CycleAtSoh(0.75));
    }

    [Fact]
    public void ALargerConformalScaleWidensTheIntervalAroundTheSameMedian()
    {
        var wide = new TwinCalibration([new TwinScaleBucket(1.0, 2, 2, 2, 100)]);
        var a = TwinForecaster.Forecast(Observed(200), WrongPrior, EolThreshold.Default, TwinCalibration.Uncalibrated);
        var b = TwinForecaster.Forecast(Observed(200), WrongPrior, EolThreshold.Default, wide);
        Assert.Equal(a.EolP50, b.EolP50, 9);
        Assert.True(b.Eol(0.9).Upper > a.Eol(0.9).Upper && b.Eol(0.9).Lower <= a.Eol(0.9).Lower);
    }

    [Fact]
    public void TheSohCurveFallsFromNowToTheThresholdAndItsBandsHoldTheMedian()
    {
        var f = TwinForecaster.Forecast(Observed(300), WrongPrior, EolThreshold.Default, TwinCalibration.Uncalibrated);
        var curve = f.Curve();
        Assert.Equal(300, curve[0].Cycle);
        for (var k = 1; k < curve.Count; k++) Assert.True(curve[k].P50 <= curve[k - 1].P50);
        Assert.All(curve, p => Assert.All(p.Bands, b => Assert.InRange(p.P50, b.Lower - 1e-12, b.Upper + 1e-12)));
        Assert.InRange(f.SohAt((int)Math.Round(f.EolP50)).P50, 0.79, 0.81);
    }

    [Theory]
    [InlineData("0.75", 0.75, null)]
    [InlineData("0.88Ah", null, 0.88)]
    [InlineData("880mAh", null, 0.88)]
    public void ThresholdsParseAsAFractionOrACapacity(string text, double? fraction, double? ah)
    {
        var t = EolThreshold.Parse(text);
        Assert.Equal(fraction, t.Fraction);
        if (ah is { } a) Assert.Equal(a, t.CapacityAh!.Value, 12); else Assert.Null(t.CapacityAh);
    }

    [Theory]
    [InlineData("1.2")]
    [InlineData("-0.8")]
    [InlineData("eighty")]
    public void AThresholdThatIsNotAFractionOrACapacityIsRefused(string text) =>
        Assert.Throws<FormatException>(() => EolThreshold.Parse(text));
}
