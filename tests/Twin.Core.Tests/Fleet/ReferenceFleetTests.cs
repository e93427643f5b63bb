using Twin.Core.Fleet;
using Twin.Core.Twins;

namespace Twin.Core.Tests.Fleet;

public sealed class ReferenceFleetTests
{
    static readonly FleetModel KneeFleet = ReferenceFleet.Fit(SyntheticFleet.Fleet(24, SyntheticFleet.Knee), EolThreshold.Default);

    [Fact]
    public void AKneeIsForecastFromTheReferencesWhereTheCellsOwnCurveOvershoots()
    {
        const double life = 700;
        var visible = SyntheticFleet.History(life, (int)(0.6 * life), SyntheticFleet.Knee, seed: 7);
        var meta = SyntheticFleet.Metadata(1000 / life);
        var f = KneeFleet.Forecast(meta, visible, EolThreshold.Default);
        var own = OwnCurve.EndOfLife(CleanHistory.Clean(visible), 0.8, 10_000)!.Value;
        Assert.InRange(f.EolP50, 0.93 * life, 1.07 * life);
        Assert.True(own > 1.5 * life, $"own curve {own}");
        Assert.InRange(life, f.EolLo90, f.EolHi90);
    }

    [Fact]
    public void ACellThatHasOutlivedEveryReferenceByFarIsForecastPastItsLastCycle()
    {
        // References last 100-200 cycles (cap: 3 x 200); this cell is at cycle 700 and still healthy.
        var cells = new[] { 100.0, 150.0, 200.0 }.Select((life, i) => new FleetCell($"r{i}", SyntheticFleet.Metadata(1.0), SyntheticFleet.History(life, (int)(life * 1.05), SyntheticFleet.Knee, seed: i))).ToList();
        var fleet = ReferenceFleet.Fit(cells, EolThreshold.Default);
        var visible = SyntheticFleet.History(5000, 700, SyntheticFleet.SquareRoot, seed: 4);

        var f = fleet.Forecast(SyntheticFleet.Metadata(1.0), visible, EolThreshold.Default);

        Assert.True(f.EolP50 > 700, $"{f.EolP50}");
        Assert.True(OwnCurve.EndOfLife(CleanHistory.Clean(visible), 0.8, cap: 600) > 700);
    }

    [Fact]
    public void EarlyInLifeTheMetadataPriorCarriesTheForecast()
    {
        // At cycle 100 a knee cell has lost < 1%: only its charge rate tells a 500- from a 1000-cycle life.
        foreach (var rate in new[] { 1.0, 2.0 })
        {
            var life = 1000 / rate;
            var f = KneeFleet.Forecast(SyntheticFleet.Metadata(rate), SyntheticFleet.History(life, 100, SyntheticFleet.Knee, seed: 3), EolThreshold.Default);
            Assert.InRange(f.EolP50, 0.9 * life, 1.1 * life);
        }
    }

    [Fact]
    public void TwoFinishedReferencesGiveTheirMeanLifeEarlyInLife()
    {
        // Too few finished cells to learn an update: the forecast is their arithmetic mean life, with no residual shift.
        var cells = new[] { 400.0, 800.0 }.Select((life, i) => new FleetCell($"r{i}", SyntheticFleet.Metadata(1.0), SyntheticFleet.History(life, (int)(life * 1.05), SyntheticFleet.Knee, seed: i))).ToList();
        var fleet = ReferenceFleet.Fit(cells, EolThreshold.Default);
        var labelled = cells.Select(c => CleanHistory.Clean(c.History).EndOfLife(0.8)!.Value).ToArray();
        var f = fleet.Forecast(SyntheticFleet.Metadata(1.0), SyntheticFleet.History(600, 100, SyntheticFleet.Knee, seed: 9), EolThreshold.Default);
        Assert.Equal(labelled.Average(), f.EolP50, 1.0);
        Assert.True(f.EolLo90 < f.EolP50 && f.EolP50 < f.EolHi90);
    }

    [Fact]
    public void RunningReferenceCellsCountAsAtLeastTheirLength()
    {
        // Half the fleet still running at 70% of life: the forecast must not be pulled below what they have already run.
        var cells = SyntheticFleet.Fleet(24, SyntheticFleet.Knee).Select((c, i) => i % 2 == 0 ? c : c with { History = c.History.Take((int)(0.7 * c.History.Count)).ToList() }).ToList();
        var fleet = ReferenceFleet.Fit(cells, EolThreshold.Default);
        Assert.Equal(24, fleet.ReferenceCount);
        Assert.Equal(12, fleet.FinishedCount);
        var f = fleet.Forecast(SyntheticFleet.Metadata(1.0), SyntheticFleet.History(1000, 100, SyntheticFleet.Knee, seed: 5), EolThreshold.Default);
        Assert.InRange(f.EolP50, 900, 1100);
    }

    [Fact]
    public void CheckupLevelFleetsWithAFewPointsPerCellForecast()
    {
        var cells = SyntheticFleet.Fleet(18, SyntheticFleet.Knee, step: 100);
        Assert.All(cells, c => Assert.InRange(c.History.Count, 5, 11));
        var fleet = ReferenceFleet.Fit(cells, EolThreshold.Default);
        var f = fleet.Forecast(SyntheticFleet.Metadata(1.5), SyntheticFleet.History(667, 401, SyntheticFleet.Knee, seed: 9, step: 100), EolThreshold.Default);
        Assert.InRange(f.EolP50, 0.85 * 667, 1.15 * 667);
        Assert.True(f.EolLo90 <= f.EolP50 && f.EolP50 <= f.EolHi90);
    }

    [Fact]
    public void AnAbsoluteThresholdBecomesAFractionPerCell()
    {
        // 0.88 Ah of 1.1 Ah is 80%: the same forecast as the relative threshold.
        var visible = SyntheticFleet.History(700, 420, SyntheticFleet.Knee, seed: 7);
        var relative = KneeFleet.Forecast(SyntheticFleet.Metadata(1000 / 700.0), visible, EolThreshold.Default);
        var absolute = KneeFleet.Forecast(SyntheticFleet.Metadata(1000 / 700.0), visible, EolThreshold.Parse("0.88Ah"));
        Assert.Equal(relative.EolP50, absolute.EolP50, 0.03 * relative.EolP50);
    }

    [Fact]
    public void ACellUnlikeEveryReferenceGetsALowerResemblanceAndAnIntervalThatHoldsItsLife()
    {
        // A new batch with square-root fade against a knee-shaped fleet: at 40% of life it has lost 13%, a knee cell 3%.
        const double life = 700;
        var meta = SyntheticFleet.Metadata(1000 / life, batch: "B");
        var like = KneeFleet.Forecast(meta, SyntheticFleet.History(life, 420, SyntheticFleet.Knee, seed: 7), EolThreshold.Default);
        var full = SyntheticFleet.History(life, 1000, SyntheticFleet.SquareRoot, seed: 7);
        var truth = CleanHistory.Clean(full).EndOfLife(0.8)!.Value; // relative to its first cycles' capacity, a little after 700
        var unlike = KneeFleet.Forecast(meta, full.Take(280).ToList(), EolThreshold.Default);
        Assert.True(unlike.Resemblance < 0.5 * like.Resemblance, $"resemblance {unlike.Resemblance} vs {like.Resemblance}; {unlike.Basis}");
        Assert.True(unlike.EolLo90 <= truth && truth <= unlike.EolHi90, $"{truth}: {unlike.EolLo90}-{unlike.EolHi90}, resemblance {unlike.Resemblance} vs {like.Resemblance}; {unlike.Basis}");
    }

    [Fact]
    public void AHeldOutBatchWidensItsIntervalAndLeansOnItsOwnCurve()
    {
        // Batch A fades with a knee, batch B (a changed cell build) with a square root. Fitted with batch B among the
        // references, B's cells are matched; with the whole batch held out they resemble no reference, and the forecast
        // must say so: lower resemblance, a wider interval that still holds the life, a point nearer the cell's own curve.
        var batchA = SyntheticFleet.Fleet(18, SyntheticFleet.Knee, seed: 1, prefix: "a");
        // Square-root cells cross 80% of their first cycles' capacity a little after `life`: run them to 1.5× it.
        var batchB = Enumerable.Range(0, 12).Select(i => new FleetCell($"b{i}", SyntheticFleet.Metadata(new[] { 1.0, 1.5, 2.0 }[i % 3], batch: "B"),
            SyntheticFleet.History(1000 / new[] { 1.0, 1.5, 2.0 }[i % 3] * (0.97 + 0.005 * i), (int)(1500 / new[] { 1.0, 1.5, 2.0 }[i % 3]), SyntheticFleet.SquareRoot, seed: 200 + i))).ToList();
        var withB = ReferenceFleet.Fit(batchA.Concat(batchB.Skip(3)).ToList(), EolThreshold.Default);
        var withoutB = ReferenceFleet.Fit(batchA, EolThreshold.Default);
        foreach (var cell in batchB.Take(3))
        {
            var full = CleanHistory.Clean(cell.History);
            var life = full.EndOfLife(0.8)!.Value;
            var visible = full.Truncate((int)(0.4 * life));
            var own = OwnCurve.EndOfLife(visible, 0.8, 10_000)!.Value;
            var seen = withB.Forecast(cell.Metadata, visible, EolThreshold.Default);
            var unseen = withoutB.Forecast(cell.Metadata, visible, EolThreshold.Default);
            var why = $"{cell.CellId}: life {life}, own {own:0}; seen {seen.EolP50:0} [{seen.EolLo90:0}, {seen.EolHi90:0}] r={seen.Resemblance:0.00}; " +
                $"held out {unseen.EolP50:0} [{unseen.EolLo90:0}, {unseen.EolHi90:0}] r={unseen.Resemblance:0.00} {unseen.Basis}";
            Assert.True(unseen.Resemblance < seen.Resemblance, why);
            Assert.True(unseen.EolHi90 - unseen.EolLo90 > seen.EolHi90 - seen.EolLo90, why);
            Assert.InRange(life, unseen.EolLo90, unseen.EolHi90);
            Assert.Contains("own curve", unseen.Basis);
            Assert.True(Math.Abs(Math.Log(unseen.EolP50 / own)) < Math.Abs(Math.Log(seen.EolP50 / own)) || Math.Abs(Math.Log(unseen.EolP50 / own)) < 0.05, why);
        }
    }

    [Fact]
    public void ABigFleetMatchesOnlyItsShortlistAndStillFollowsTheKnee()
    {
        // Past TrajectoryMatcher.MaxCompared references the full match runs on a pre-filtered shortlist.
        var fleet = ReferenceFleet.Fit(SyntheticFleet.Fleet(2 * TrajectoryMatcher.MaxCompared, SyntheticFleet.Knee, step: 4), EolThreshold.Default);
        const double life = 700;
        var f = fleet.Forecast(SyntheticFleet.Metadata(1000 / life), SyntheticFleet.History(life, (int)(0.6 * life), SyntheticFleet.Knee, seed: 7), EolThreshold.Default);
        Assert.InRange(f.EolP50, 0.93 * life, 1.07 * life);
        Assert.InRange(life, f.EolLo90, f.EolHi90);
    }

    [Fact]
    public void FreeTextInANumericMetadataColumnIsUnknownWithAWarning()
    {
        var cells = SyntheticFleet.Fleet(12, SyntheticFleet.Knee);
        cells[0] = cells[0] with { Metadata = new Dictionary<string, string?>(cells[0].Metadata) { ["charge_C"] = "room temperature (not controlled)" } };
        var fleet = ReferenceFleet.Fit(cells, EolThreshold.Default);
        Assert.Contains(fleet.Warnings, w => w.Contains("'charge_C'") && w.Contains("not numbers"));
    }

    [Fact]
    public void TheForecastTrajectoryFollowsTheKnee()
    {
        const double life = 700;
        var f = KneeFleet.Forecast(SyntheticFleet.Metadata(1000 / life), SyntheticFleet.History(life, 280, SyntheticFleet.Knee, seed: 7), EolThreshold.Default);
        var errors = Enumerable.Range(281, 419).Select(n => f.SohAt(n) - SyntheticFleet.Knee(n, life)).ToArray();
        Assert.True(Math.Sqrt(errors.Average(e => e * e)) < 0.01, $"RMSE {Math.Sqrt(errors.Average(e => e * e))}");
    }

    [Fact]
    public void ReferencesWithoutAnyValidPointAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => ReferenceFleet.Fit([new FleetCell("x", new Dictionary<string, string?>(), [])], EolThreshold.Default));
        Assert.Contains("no reference cell", e.Message);
    }
}
