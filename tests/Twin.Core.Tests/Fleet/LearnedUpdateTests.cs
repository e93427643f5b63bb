using Twin.Core.Fleet;

namespace Twin.Core.Tests.Fleet;

public sealed class LearnedUpdateTests
{
    [Fact]
    public void AConstantBiasCostsNothingOnceTheMedianShiftTakesItOut()
    {
        // Every forecast 30% too long (log residual −ln 1.3): shifted by the median residual, each is exact.
        var biased = Enumerable.Repeat(-Math.Log(1.3), 9).ToArray();
        Assert.Equal(0, LearnedUpdate.ShiftedError(biased, new double[9]), 12);

        // Residuals 0, ±0.1: the median is 0, so the error is the mean |e^(−r) − 1|.
        var spread = new[] { -0.1, 0, 0.1 };
        var expected = (Math.Abs(Math.Exp(0.1) - 1) + Math.Abs(Math.Exp(-0.1) - 1)) / 3;
        Assert.Equal(expected, LearnedUpdate.ShiftedError(spread, new double[3]), 12);
    }

    [Fact]
    public void TheUpdatePrefersAConsistentlyBiasedCurveToAnUnbiasedNoisyOne()
    {
        // The "own" estimate overshoots every cell by the same factor 1.5; the "prior" is unbiased but ±25%.
        var cuts = Enumerable.Range(0, 60).Select(i =>
        {
            var truth = Math.Log(500 + 10 * i);
            var prior = truth + (i % 2 == 0 ? 0.25 : -0.25);
            return new HeldOutCut(i, 0.5, Math.Log(100), prior, truth + Math.Log(1.5), [prior], [0.0], truth);
        }).ToArray();
        var band = LearnedUpdate.Learn(cuts, hypers: 1, finished: 60).Bands.Single();
        Assert.Equal(1.0, band.WOwn, 9);
    }
}

public sealed class OwnCurveBiasTests
{
    [Fact]
    public void TheCorrectionIsTheMedianErrorOfTheCutsNearestInProgress()
    {
        // Early cuts: the curve overshoots by a factor e^0.5 (error −0.5); late cuts: exact. 20 cells, one cut each per stage.
        var cuts = Enumerable.Range(0, 20).SelectMany(cell => new[]
        {
            (Progress: 0.1 + 0.001 * cell, Error: -0.5, Cell: cell),
            (Progress: 0.9 + 0.001 * cell, Error: 0.0, Cell: cell),
        });
        var bias = OwnCurveBias.Learn(cuts);
        Assert.Equal(-0.5, bias.At(0.1), 12);
        Assert.Equal(0.0, bias.At(0.95), 12);
    }

    [Fact]
    public void ACellsOwnCutsAreLeftOutOfItsCorrectionAndTooFewCutsCorrectNothing()
    {
        // Cell 0's cuts say −1; the 15 others say 0.2. Without cell 0, its correction is theirs alone.
        var cuts = Enumerable.Range(0, 15).Select(c => (Progress: 0.5, Error: 0.2, Cell: c + 1))
            .Concat(Enumerable.Range(0, 10).Select(_ => (Progress: 0.5, Error: -1.0, Cell: 0)));
        var bias = OwnCurveBias.Learn(cuts);
        Assert.Equal(0.2, bias.At(0.5, excludeCell: 0), 12);
        Assert.Equal(0, OwnCurveBias.Learn(cuts.Take(5)).At(0.5));
    }

    [Fact]
    public void TheNearestCutsAreFoundAsABruteForceSortWouldFindThem()
    {
        var rng = new Random(11);
        var cuts = Enumerable.Range(0, 200).Select(i => (Progress: rng.NextDouble(), Error: rng.NextDouble() - 0.5, Cell: i % 23)).ToArray();
        var bias = OwnCurveBias.Learn(cuts);
        var sorted = cuts.OrderBy(c => c.Progress).ToArray();
        foreach (var (p, exclude) in new[] { (0.0, -1), (0.37, 4), (0.5, -1), (0.999, 7), (1.7, 0), (sorted[50].Progress, 3) })
        {
            var kept = sorted.Where(c => c.Cell != exclude).ToArray();
            var k = Math.Max(15, (int)(0.2 * kept.Length));
            var nearest = kept.OrderBy(c => Math.Abs(c.Progress - p)).Take(k).Select(c => c.Error).OrderBy(e => e).ToArray();
            var median = k % 2 == 1 ? nearest[k / 2] : 0.5 * (nearest[k / 2 - 1] + nearest[k / 2]);
            Assert.Equal(median, bias.At(p, exclude), 12);
        }
    }
}
