using Twin.Core.Fleet;

namespace Twin.Core.Tests.Fleet;

public sealed class MetadataPriorTests
{
    [Fact]
    public void AProtocolColumnThatSetsTheLifeIsLearned()
    {
        var rates = Enumerable.Range(0, 30).Select(i => 1 + 0.1 * (i % 10)).ToArray();
        var cells = rates.Select((r, i) => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?> { ["cell_id"] = $"c{i}", ["rate"] = $"{r}", ["note"] = $"free text {i}" }).ToArray();
        var logLife = rates.Select(r => Math.Log(1000 / r)).ToArray();
        var prior = MetadataPrior.Fit(cells, logLife, rates.Select(_ => true).ToArray(), new List<string>());
        Assert.Equal(Math.Log(1000 / 1.45), prior.Predict(new Dictionary<string, string?> { ["rate"] = "1.45" }), 0.03);
        Assert.True(prior.Sd < 0.05, prior.Description);
    }

    [Fact]
    public void AGroupColumnGivesEachGroupItsOwnMean()
    {
        var groups = Enumerable.Range(0, 24).Select(i => i % 3 == 0 ? "fast" : i % 3 == 1 ? "medium" : "slow").ToArray();
        var life = new Dictionary<string, double> { ["fast"] = 300, ["medium"] = 600, ["slow"] = 1200 };
        var cells = groups.Select(g => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?> { ["protocol"] = g }).ToArray();
        var prior = MetadataPrior.Fit(cells, groups.Select(g => Math.Log(life[g])).ToArray(), groups.Select(_ => true).ToArray(), new List<string>());
        Assert.Equal(Math.Log(300), prior.Predict(new Dictionary<string, string?> { ["protocol"] = "fast" }), 0.05);
        Assert.Equal(Math.Log(1200), prior.Predict(new Dictionary<string, string?> { ["protocol"] = "slow" }), 0.05);
    }

    [Fact]
    public void ACensoredCellRaisesTheMeanButAFinishedOneSetsIt()
    {
        var cells = Enumerable.Range(0, 6).Select(_ => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?>()).ToArray();
        var logLife = new[] { 500.0, 500, 500, 500, 800, 800 }.Select(v => Math.Log(v)).ToArray();
        var finished = MetadataPrior.Fit(cells, logLife, [true, true, true, true, true, true], new List<string>());
        var running = MetadataPrior.Fit(cells, logLife, [true, true, true, true, false, false], new List<string>());
        var censoredOnlyAtHundred = MetadataPrior.Fit(cells, new[] { 500.0, 500, 500, 500, 100, 100 }.Select(v => Math.Log(v)).ToArray(), [true, true, true, true, false, false], new List<string>());
        var empty = new Dictionary<string, string?>();
        Assert.True(running.Predict(empty) >= finished.Predict(empty) - 1e-9);
        Assert.Equal(Math.Log(500), censoredOnlyAtHundred.Predict(empty), 1e-3);
    }

    [Fact]
    public void AFewFinishedCellsGiveTheirArithmeticMeanLife()
    {
        // Two lives, 400 and 800: the prior is 600 cycles, not their geometric mean of 566.
        var cells = Enumerable.Range(0, 2).Select(_ => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?>()).ToArray();
        var prior = MetadataPrior.Fit(cells, [Math.Log(400), Math.Log(800)], [true, true], new List<string>());
        Assert.Equal(600, Math.Exp(prior.Predict(new Dictionary<string, string?>())), 1e-6);
        Assert.Equal(800, Math.Exp(prior.LeaveOneOut[0]), 1e-6);
    }
}
