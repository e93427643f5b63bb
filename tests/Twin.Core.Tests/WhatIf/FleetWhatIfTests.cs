using Twin.Core.Designs;
using Twin.Core.WhatIf;

namespace Twin.Core.Tests.WhatIf;

public sealed class FleetWhatIfTests
{
    static readonly CellDesign Bare = new("Si nanoparticles", "none", null, null, null, "LiPF6 in EC/DEC", null, 200, null, 25);
    static readonly CellDesign Coated = Bare with { Coating = "Al2O3", CoatingThicknessNm = 2 };

    /// <summary>A stand-in design model: coated designs live twice as long; unknown coatings are extrapolations.</summary>
    static IReadOnlyList<DesignPoint> Model(IReadOnlyList<CellDesign> designs) =>
        designs.Select(d => new DesignPoint(Math.Log(d.IsCoated ? 400 : 200), 1.2, 0.5, d.Coating == "unobtainium")).ToArray();

    static List<WhatIfCell> Fleet(int n) =>
        Enumerable.Range(0, n).Select(i => new WhatIfCell($"c{i}", Bare,
            i % 2 == 0 ? new CellCalibration(Math.Log(150 + i), 0.1, 1.1, DateTimeOffset.UnixEpoch, false) : null)).ToList();

    [Fact]
    public void EachCellKeepsItsCalibrationAndMovesByTheDesignEffect()
    {
        var result = FleetWhatIf.Run(Fleet(4), new DesignChange(Coating: "Al2O3", CoatingThicknessNm: 2), Model, seed: 1);

        var calibrated = result.Cells[0];
        Assert.True(calibrated.Calibrated);
        Assert.Equal(150, calibrated.Before.P50, 6);          // its own twin, not the prior's 200
        Assert.Equal(300, calibrated.After.P50, 6);           // moved by the effect, ×2
        Assert.Equal(150, calibrated.Change.P50, 6);
        var uncalibrated = result.Cells[1];
        Assert.False(uncalibrated.Calibrated);
        Assert.Equal(200, uncalibrated.Before.P50, 6);        // the design prior
        // The change's interval is the effect's: narrower than the after-life's own interval.
        Assert.True(calibrated.Change.Upper - calibrated.Change.Lower < calibrated.After.Upper - calibrated.After.Lower);
        Assert.InRange(calibrated.ProbabilityAfterLonger, 0.9, 1.0);
        Assert.Equal(2, result.Summary.Calibrated);
        Assert.Equal(result.Summary.Cells, result.Cells.Count);
    }

    [Fact]
    public void TheSameInputsAndSeedGiveTheSameNumbers()
    {
        var change = new DesignChange(Coating: "Al2O3");
        var a = FleetWhatIf.Run(Fleet(50), change, Model, seed: 7, cycleTarget: 250);
        var b = FleetWhatIf.Run(Fleet(50), change, Model, seed: 7, cycleTarget: 250);

        Assert.Equal(a.Summary.ProbabilityMedianLonger, b.Summary.ProbabilityMedianLonger);
        Assert.Equal(a.Cells, b.Cells);
        Assert.Equal(a.Summary.SohAfter, b.Summary.SohAfter);
        Assert.True(a.Summary.ShareReachingTargetAfter > a.Summary.ShareReachingTargetBefore);
    }

    [Fact]
    public void AnExtrapolatedChangeIsLessCertainThanASeenOne()
    {
        var seen = FleetWhatIf.Run(Fleet(2), new DesignChange(Coating: "Al2O3"), Model, seed: 1).Cells[0];
        var unseen = FleetWhatIf.Run(Fleet(2), new DesignChange(Coating: "unobtainium"), Model, seed: 1).Cells[0];

        Assert.True(unseen.Extrapolated);
        Assert.False(seen.Extrapolated);
        Assert.True(unseen.Change.Upper - unseen.Change.Lower > seen.Change.Upper - seen.Change.Lower);
    }

    [Fact]
    public void ACellTheChangeLeavesAsItWasHasNoChangeAndEvenOdds()
    {
        var cells = new List<WhatIfCell> { new("already", Coated, null), new("bare", Bare, null) };

        var result = FleetWhatIf.Run(cells, new DesignChange(Coating: "Al2O3", CoatingThicknessNm: 2), Model, seed: 1);

        Assert.Equal(0, result.Cells[0].Change.P50, 9);
        Assert.Equal(0.5, result.Cells[0].ProbabilityAfterLonger);
        Assert.Equal(result.Cells[0].Before, result.Cells[0].After);
    }

    [Fact]
    public void ChangingTheCoatingReInfersItsClassAndNoneDropsTheThickness()
    {
        var changed = new DesignChange(Coating: "alucone").ApplyTo(Coated with { CoatingClass = "inorganic_oxide" });
        Assert.Null(changed.CoatingClass);
        Assert.Equal(2, changed.CoatingThicknessNm);
        Assert.Null(new DesignChange(Coating: "none").ApplyTo(Coated).CoatingThicknessNm);
        Assert.True(new DesignChange().IsEmpty);
    }

    [Fact]
    public void NamingTheCellsOwnCoatingOrElectrolyteKeepsItsClassAndMethodAndChangesNothing()
    {
        var cell = Coated with { CoatingClass = "inorganic_oxide", CoatingMethod = "ALD", ElectrolyteClass = "liquid_carbonate" };

        Assert.Equal(cell, new DesignChange(Coating: " al2o3", CoatingThicknessNm: 2, Electrolyte: "LiPF6 in EC/DEC").ApplyTo(cell));
        var thicker = new DesignChange(Coating: "Al2O3", CoatingThicknessNm: 5).ApplyTo(cell);
        Assert.Equal(("inorganic_oxide", "ALD", 5.0), (thicker.CoatingClass, thicker.CoatingMethod, thicker.CoatingThicknessNm!.Value));
        var other = new DesignChange(Coating: "ZnO").ApplyTo(cell);
        Assert.Equal(("ZnO", null, null), (other.Coating, other.CoatingClass, other.CoatingMethod));
    }

    [Fact]
    public void TheFleetMedianIsMoreLikelyLongerTheLargerTheEffect()
    {
        var p = FleetWhatIf.Run(Fleet(200), new DesignChange(Coating: "Al2O3"), Model, seed: 3).Summary.ProbabilityMedianLonger;
        var none = FleetWhatIf.Run(Fleet(200), new DesignChange(TemperatureC: 25.0000001), designs => designs.Select(_ => new DesignPoint(Math.Log(200), 1.2, 0.5, false)).ToArray(), seed: 3).Summary.ProbabilityMedianLonger;

        Assert.True(p > 0.9, $"{p}");
        Assert.InRange(none, 0.3, 0.7); // no effect: a coin toss
    }

    [Fact]
    public void ASweepSuggestsTheBestExpectedGainAndExplainsWhy()
    {
        var evidence = new EvidenceIndex([(Coated, "study-1"), (Coated with { CoatingThicknessNm = 5 }, "study-2")], ["Al2O3"]);
        var grid = new[] { "Al2O3", "unobtainium", "none" }.Select(c => new DesignChange(Coating: c).ApplyTo(Bare)).ToList();

        var result = DesignSweep.Run(Bare, grid, Model, d => evidence.For(d, 0));

        var first = result.Suggestions[0];
        Assert.Equal("expected_improvement", first.Strategy);
        Assert.Contains("P(beats base)", first.Reason);
        var al2o3 = result.Points.Single(p => p.Design.Coating == "Al2O3");
        Assert.True(al2o3.ProbabilityBeatsBase > 0.9);
        Assert.Equal(2, al2o3.Evidence.LiteratureStudies);
        Assert.True(result.Points.Single(p => p.Design.Coating == "unobtainium").Evidence.UnseenCoating);
        Assert.Equal(0.5, result.Points.Single(p => !p.Design.IsCoated).ProbabilityBeatsBase);
        Assert.True(evidence.For(Coated with { CoatingThicknessNm = 50 }, 0).ThicknessOutsideSeen);
    }

    [Fact]
    public void ExpectedImprovementIsOverTheBestTestedDesignAndTheReasonNamesIt()
    {
        var evidence = new EvidenceIndex([(Coated, "study-1")], ["Al2O3"]);
        var grid = new[] { "Al2O3", "TiO2" }.Select(c => new DesignChange(Coating: c, CoatingThicknessNm: 5).ApplyTo(Bare)).ToList();
        IReadOnlyList<DesignPoint> Lives(IReadOnlyList<CellDesign> designs) => designs.Select(d => new DesignPoint(Math.Log(
            d.Coating switch { "TiO2" => 600.0, "Al2O3" when d.CoatingThicknessNm == 2 => 500, "Al2O3" => 450, _ => 200 }), 1.2, 0.5, false)).ToArray();

        var untested = DesignSweep.Run(Bare, grid, Lives, d => evidence.For(d, 0));
        var tested = DesignSweep.Run(Bare, grid, Lives, d => evidence.For(d, 0), tested: [Coated, Bare]);

        Assert.True(untested.Incumbent.IsBase);
        Assert.Equal(Coated, tested.Incumbent.Design);
        Assert.Equal(500, tested.Incumbent.Life.P50, 6);
        var al2o3 = (Untested: untested.Points.Single(p => p.Design.Coating == "Al2O3"), Tested: tested.Points.Single(p => p.Design.Coating == "Al2O3"));
        Assert.True(al2o3.Tested.ExpectedImprovement < al2o3.Untested.ExpectedImprovement); // 450 beats the bare base, not the tested 500
        Assert.Equal(al2o3.Untested.ProbabilityBeatsBase, al2o3.Tested.ProbabilityBeatsBase); // P(beats base) stays about the base
        Assert.Contains("over the best tested design (Al2O3 2 nm", tested.Suggestions[0].Reason);
        Assert.Contains("over the base (no tested design", untested.Suggestions[0].Reason);

        // A grid point the lab has already built (alike in the fields a sweep varies) is not suggested.
        var builtTiO2 = DesignSweep.Run(Bare, grid, Lives, d => evidence.For(d, 0), tested: [grid[1] with { CoatingMethod = "ALD", TemperatureC = 25 }]);
        Assert.Equal("TiO2", builtTiO2.Incumbent.Design.Coating);
        Assert.DoesNotContain(builtTiO2.Suggestions, x => x.Design.Coating == "TiO2");
        Assert.Contains(untested.Suggestions, x => x.Design.Coating == "TiO2");
    }
}
