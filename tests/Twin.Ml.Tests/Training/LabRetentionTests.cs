using Twin.Core.Designs;
using Twin.Core.Features;
using Twin.Ml.Models;
using Twin.Ml.Prediction;
using Twin.Ml.Training;
using Twin.Ml.Trees;

namespace Twin.Ml.Tests.Training;

public sealed class LabRetentionTests(ShippedModelFixture shipped) : IClassFixture<ShippedModelFixture>
{
    static CellDesign Lab(string coating, string? electrolyteClass, string electrolyte = "") =>
        new("Si nanoparticles", coating, null, null, null, electrolyte, electrolyteClass, 200, null, 25);

    static LiteratureResult Result(string study, bool coated, string? electrolyte, double cycles, double retention) =>
        new(study, coated, electrolyte, new float[DesignFeatures.Count], cycles, retention);

    static readonly ConformalQuantiles Zero = new(0, 0, 0, 0);

    [Fact]
    public void TheCoatingRatioIsTheGeometricMeanOverStudiesOfCoatedOverBareFade()
    {
        // Study a: fade 0.4 bare, 0.2 coated (ratio 0.5); study b: 0.5 bare, 0.1 coated (ratio 0.2).
        var results = new[]
        {
            Result("a", false, "sulfide", 100, 0.6), Result("a", true, "sulfide", 100, 0.8),
            Result("b", false, "liquid", 50, 0.5), Result("b", true, "liquid", 500, 0.9),
        };
        Assert.Equal(Math.Sqrt(0.5 * 0.2), LabRetentionTrainer.CoatedFadeRatio(results), 12);
    }

    [Fact]
    public void AClassSeenOnceIsShrunkTowardTheMeanOfAllClasses()
    {
        var results = new[]
        {
            Result("a", false, "sulfide", 100, 0.9), Result("b", false, "sulfide", 100, 0.7),
            Result("c", false, "polymer", 100, 0.4), Result("d", false, null, 100, 0.8),
        };
        var model = LabRetentionTrainer.Fit(results, Zero);
        var mean = (0.1 + 0.3 + 0.6 + 0.2) / 4;
        Assert.Equal(1.0, model.CoatedFadeRatio); // no pair: no coating effect is claimed
        Assert.Equal(mean, model.MeanBareFade, 12);
        Assert.Equal((0.6 + LabRetentionTrainer.PriorRows * mean) / (1 + LabRetentionTrainer.PriorRows), model.BareFadeByElectrolyte["polymer"], 12);
        Assert.Equal((0.4 + LabRetentionTrainer.PriorRows * mean) / (2 + LabRetentionTrainer.PriorRows), model.BareFadeByElectrolyte["sulfide"], 12);
        Assert.False(model.BareFadeByElectrolyte.ContainsKey("liquid"));
    }

    [Fact]
    public void AnUnknownOrUnseenElectrolyteGetsTheMeanAndACoatingMultipliesTheFade()
    {
        var model = shipped.Trained.LabRetention!;
        Assert.Equal(model.MeanBareFade, model.Fade(Lab("none", null)), 12);
        Assert.Equal(model.BareFadeByElectrolyte["sulfide"], model.Fade(Lab("none", "sulfide")), 12);
        Assert.Equal(model.Fade(Lab("none", "sulfide")), model.Fade(Lab("none", null, "sulfide")), 12);
        Assert.Equal(Math.Min(1, model.CoatedFadeRatio * model.BareFadeByElectrolyte["polymer"]), model.Fade(Lab("Al2O3", "polymer")), 12);
        Assert.InRange(model.CoatedFadeRatio, 0.1, 0.6);
    }

    [Fact]
    public void TheExportedTreeIsTheModelOnEveryElectrolyteClassAndOnMissingValues()
    {
        var model = shipped.Trained.LabRetention!;
        var tree = model.ToTreeEnsemble();
        var designs = DesignCatalog.ElectrolyteClasses.Append("unknown")
            .SelectMany(c => new[] { Lab("none", c == "unknown" ? null : c), Lab("Al2O3", c == "unknown" ? null : c) })
            .Concat(shipped.Data.Units.Select(u => u.Design));
        foreach (var design in designs)
        {
            var x = DesignFeatures.Encode(design);
            Assert.Equal(model.Fade(x), TreeEnsembleEvaluator.PredictMargin(tree, x), 6);
        }
        var random = new Random(3);
        for (var k = 0; k < 500; k++)
        {
            var x = Enumerable.Range(0, DesignFeatures.Count).Select(_ => random.NextDouble() < 0.3 ? float.NaN : (float)random.NextDouble()).ToArray();
            Assert.Equal(model.Fade(x), TreeEnsembleEvaluator.PredictMargin(tree, x), 6);
        }
    }

    [Fact]
    public void TheForecasterServesTheLabModelThroughOnnxRuntimeForLabDesignsOnly()
    {
        using var forecaster = new DesignForecaster(shipped.Onnx, shipped.Card());
        var model = shipped.Trained.LabRetention!;
        var lab = forecaster.Predict(Lab("Al2O3", "sulfide"));
        Assert.Equal(model.Fade(Lab("Al2O3", "sulfide")), lab.LabRetention!.Fade, 6);
        var (p50, lo, hi) = lab.LabRetention.Band(0.90);
        Assert.True(lo < p50 && p50 < hi);
        Assert.Equal(model.Quantiles.Q90, p50 - lo, 6);
        var commercial = forecaster.Predict(new CellDesign("NCA/graphite", "none", null, null, null, "LiPF6 carbonate", "liquid_carbonate", null, 1, 25, 1));
        Assert.Null(commercial.LabRetention);
        // The twin prior contract is unchanged: the lifetime model still gives it.
        Assert.Equal(lab.LogEol80, lab.ToTwinPrior().LogEol80, 12);
    }

    [Fact]
    public void LeaveOneStudyOutBeatsBothBaselinesWithHonestCoverage()
    {
        var report = shipped.Trained.Literature!;
        Assert.Equal(36, report.Rows);
        Assert.Equal(23, report.Studies);
        var mae = report.Methods.ToDictionary(m => m.Method, m => m.RetentionMaePct);
        var model = mae[LiteratureEvaluation.ModelName];
        Assert.True(model < mae[LiteratureEvaluation.MeanName], $"model {model:0.0} pp vs mean {mae[LiteratureEvaluation.MeanName]:0.0} pp");
        Assert.True(model < mae[LiteratureEvaluation.SqrtName], $"model {model:0.0} pp vs sqrt-fade {mae[LiteratureEvaluation.SqrtName]:0.0} pp");
        // Below ~12 pp on this table would suggest a study leaking into its own forecast.
        Assert.InRange(model, 12, 15);
        Assert.InRange(report.Methods.Single(m => m.Method == LiteratureEvaluation.ModelName).Coverage90!.Value, 0.85, 0.95);
    }

    [Fact]
    public void AStudysForecastDoesNotDependOnItsOwnResults()
    {
        var results = LiteratureResult.From(shipped.Data.Units);
        var study = results.First(r => r.Coated).Study;
        var changed = results.Select(r => r.Study == study ? r with { Retention = 0.05 } : r).ToArray();
        var before = LiteratureEvaluation.LeaveOneStudyOut(results);
        var after = LiteratureEvaluation.LeaveOneStudyOut(changed);
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].Study == study) Assert.Equal(before[i], after[i]);       // never sees itself
            else Assert.NotEqual(before[i], after[i]);                             // every other study learns from it
        }
    }

    [Fact]
    public void GivenItsBareControlACoatedResultIsForecastFarBetterThanAssumingNoEffect()
    {
        var paired = shipped.Trained.Literature!.PairedEffect;
        Assert.Equal(8, paired.Pairs);
        Assert.True(paired.MaePct < paired.NoEffectMaePct / 3, $"{paired.MaePct:0.0} pp vs {paired.NoEffectMaePct:0.0} pp");
        // Every published pair favours the coating: the ratio describes what was published.
        Assert.Equal(paired.Pairs, paired.PairsFavouringCoating);
    }
}
