using Twin.Ml.Training;

namespace Twin.Ml.Tests.Training;

public sealed class TrainingDataTests(ShippedModelFixture shipped) : IClassFixture<ShippedModelFixture>
{
    [Fact]
    public void EverySourceIsLoadedAndUnfinishedCellsAreCensoredNotDropped()
    {
        var units = shipped.Data.Units;
        Assert.Equal(36, units.Count(u => u.IsLiterature));
        Assert.Equal(["calce_cs2", "formation_cui2024", "harris2017_pouch", "literature", "nasa_pcoe", "severson_mit", "tongji_tju"],
            units.Select(u => u.Source).Distinct().Order());
        Assert.True(units.Count(u => u.IsRightCensored) > 100, "most cycling cells have not reached 80% and must stay as censored units");
        Assert.All(units, u => Assert.True(u.EolLower >= 1 && u.EolUpper >= u.EolLower, u.Id));
        Assert.StartsWith("sha256:", shipped.Data.DataHash);
    }

    [Fact]
    public void APrintedRetentionWinsOverOneComputedFromTwoElectrodesCapacities()
    {
        // Review 003 ref [36]: the table divides the mixture's capacity by another electrode's; the text says 72%.
        var mixture = Assert.Single(shipped.Data.Units, u => u.Group == "lit:003_aabf78437858ea37:36" && u.Design.Electrode.StartsWith("Si micro- and nano", StringComparison.Ordinal));
        Assert.Equal(0.72, Assert.Single(mixture.Observations).Soh, 9);
    }

    [Fact]
    public void EachReportedThicknessOfOneCoatingIsItsOwnResult()
    {
        // Review 002 ref 161: 1 nm and 2 nm Li3PO4 after 400 cycles (88% and 92.3%).
        var thicknesses = shipped.Data.Units.Where(u => u.Group == "lit:002_5ceb1318e89bc595:161" && u.Design.IsCoated)
            .Select(u => (u.Design.CoatingThicknessNm, Math.Round(u.Observations[0].Soh, 4))).Order().ToArray();
        Assert.Equal([(1.0, 0.88), (2.0, 0.923)], thicknesses);
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

public sealed class TrainingDataHashTests
{
    static Twin.Ml.Training.TrainingUnit StoreCell(string id, double capacityAtEnd) =>
        TrainingData.TryCellUnit("store", id, new Twin.Core.Designs.CellDesign("LFP/graphite", "none", null, null, null, "LiPF6 in EC/DMC", null, null, 1, 25),
            Enumerable.Range(1, 200).Select(n => (n, 1.1 - (1.1 - capacityAtEnd) * n / 200.0)))!;

    [Fact]
    public void TheDataHashCoversTheStoreCellsATrainingRunAddsNotOnlyTheFiles()
    {
        var root = Twin.Tests.Shared.RepoPaths.TrainingData;
        var files = TrainingData.Load(root).DataHash;
        var one = TrainingData.Load(root, [StoreCell("a", 0.8)]).DataHash;
        Assert.NotEqual(files, one);
        Assert.Equal(one, TrainingData.Load(root, [StoreCell("a", 0.8)]).DataHash);
        Assert.NotEqual(one, TrainingData.Load(root, [StoreCell("a", 0.85)]).DataHash); // same cell, other cycles
        Assert.Equal(TrainingData.Load(root, [StoreCell("a", 0.8), StoreCell("b", 0.9)]).DataHash,
            TrainingData.Load(root, [StoreCell("b", 0.9), StoreCell("a", 0.8)]).DataHash); // order of reading does not matter
    }
}
