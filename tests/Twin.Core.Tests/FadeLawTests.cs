using Twin.Core.Fade;

namespace Twin.Core.Tests;

public sealed class FadeLawTests
{
    [Fact]
    public void SohIsEightyPercentAtEol80AndOneAtCycleZero()
    {
        var law = new FadeLaw(500, 1.3);
        Assert.Equal(0.8, law.Soh(500), 12);
        Assert.Equal(1.0, law.Soh(0), 12);
        Assert.Equal(500, law.CycleAtSoh(0.8), 9);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    public void SohNeverRisesAsCyclesGrow(double b)
    {
        var law = new FadeLaw(300, b);
        var previous = 1.0;
        for (var n = 1; n < 3000; n += 7)
        {
            var soh = law.Soh(n);
            Assert.True(soh <= previous, $"SOH rose from {previous} to {soh} at cycle {n}");
            previous = soh;
        }
    }

    [Fact]
    public void Eol80FromInvertsTheLaw()
    {
        var eol = FadeLaw.Eol80From(cycle: 100, soh: 0.9, b: 0.5);
        Assert.Equal(400, eol, 9); // 0.1 = 0.2·(100/EOL)^0.5 → EOL = 100·2² = 400
        Assert.Equal(0.9, new FadeLaw(eol, 0.5).Soh(100), 12);
    }

    [Fact]
    public void CycleAtSohRejectsAThresholdOutsideZeroToOne()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FadeLaw(100, 1).CycleAtSoh(1.2));
    }
}
