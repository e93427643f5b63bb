using Twin.Ml.Training;

namespace Twin.Ml.Tests.Training;

public sealed class TrainingDataTests(ShippedModelFixture shipped) : IClassFixture<ShippedModelFixture>
{
    [Fact]
    public void EverySourceIsLoadedAndUnfinishedCellsAreCensoredNotDropped()
    {
        var units = shipped.Data.Units;
        Assert.Equal(35, units.Count(u => u.IsLiterature));
        Assert.Equal(["calce_cs2", "formation_cui2024", "harris2017_pouch", "literature", "nasa_pcoe", "severson_mit", "tongji_tju"],
            units.Select(u => u.Source).Distinct().Order());
        Assert.True(units.Count(u => u.IsRightCensored) > 100, "most cycling cells have not reached 80% and must stay as censored units");
        Assert.All(units, u => Assert.True(u.EolLower >= 1 && u.EolUpper >= u.EolLower, u.Id));
        Assert.StartsWith("sha256:", shipped.Data.DataHash);
    }

    [Fact]
    public void ALiteratureRetentionBecomesTheLifetimeRangeOfTheFadeLaw()
    {
        // 90% after 100 cycles: b = 0.5 → EOL = 100·2² = 400; b = 2 → 100·√2.
        var (lower, upper) = TrainingData.LiteratureLabel(100, 0.9);
        Assert.Equal(100 * Math.Sqrt(2), lower, 9);
        Assert.Equal(400, upper, 9);
        // 60% after 50 cycles: EOL happened before cycle 50.
        var (lo2, hi2) = TrainingData.LiteratureLabel(50, 0.6);
        Assert.True(hi2 < 50 && lo2 < hi2);
    }

    [Fact]
    public void NoMeasurableFadeIsRightCensoredAtTheReportedCycle()
    {
        var (lower, upper) = TrainingData.LiteratureLabel(50, 1.04);
        Assert.Equal(50, lower);
        Assert.True(double.IsPositiveInfinity(upper));
    }

    [Fact]
    public void AHistoryThatCrossesEightyPercentIsAnExactLabelAtTheCrossing()
    {
        var capacities = Enumerable.Range(1, 300).Select(n => (n, 1.0 - 0.001 * n));
        var unit = TrainingData.TryCellUnit("synthetic", "c1", new Core.Designs.CellDesign("LFP/graphite", "none", null, null, null, "LiPF6", null, null, 1, 25), capacities)!;
        // Q_ref = 0.997 (median of cycles 1–5); SOH < 0.8 first at cycle 203.
        Assert.Equal(203, unit.EolUpper);
        Assert.True(unit.IsExact);
        Assert.NotNull(unit.Exponent);
    }
}
