using Twin.Ml.Interop.XGBoost;
using Twin.Ml.Trees;

namespace Twin.Ml.Tests.XGBoost;

/// <summary>The reader and the managed evaluator against XGBoost's own output_margin predictions.</summary>
public sealed class XgbJsonTreeReaderTests
{
    [Theory]
    [InlineData("reg:squarederror")]
    [InlineData("reg:absoluteerror")]
    [InlineData("reg:pseudohubererror")]
    [InlineData("count:poisson")]
    [InlineData("reg:gamma")]
    [InlineData("reg:tweedie")]
    public void TheEvaluatorReproducesXGBoostsMarginsOnEveryRow(string objective)
    {
        var data = SyntheticData.Create(3000);
        using var train = data.RegressionMatrix();
        using var booster = SyntheticData.Train(train, 40, ("objective", objective));

        AssertEvaluatorAgrees(booster, train, data);
    }

    [Theory]
    [InlineData("binary:logistic")]
    [InlineData("reg:logistic")]
    public void TheEvaluatorReproducesLogisticMargins(string objective)
    {
        var data = SyntheticData.Create(3000);
        using var train = data.Matrix();
        train.SetFloatInfo(XgbFloatField.Label, data.Label.Select(l => l > 60 ? 1f : 0f).ToArray());
        using var booster = SyntheticData.Train(train, 40, ("objective", objective), ("base_score", "0.3"));

        var ensemble = AssertEvaluatorAgrees(booster, train, data);
        Assert.Equal(-MathF.Log(1f / 0.3f - 1f), ensemble.BaseScore);
    }

    [Fact]
    public void TheEvaluatorReproducesAftMarginsWithCensoredLabels()
    {
        var data = SyntheticData.Create(3000);
        using var train = data.SurvivalMatrix();
        using var booster = SyntheticData.Train(train, 100, SyntheticData.Aft);

        var ensemble = AssertEvaluatorAgrees(booster, train, data);
        Assert.Equal(MathF.Log(0.5f), ensemble.BaseScore);
    }

    [Fact]
    public void AnAftBaseScoreIsTheLogOfTheStoredOne()
    {
        var data = SyntheticData.Create(2000);
        using var train = data.SurvivalMatrix();
        using var booster = SyntheticData.Train(train, 20, [.. SyntheticData.Aft, ("base_score", "60")]);

        var ensemble = AssertEvaluatorAgrees(booster, train, data);
        Assert.Equal(MathF.Log(60f), ensemble.BaseScore);
    }

    [Fact]
    public void TheEvaluatorReproducesAMonotoneAftModel()
    {
        var data = SyntheticData.Create(3000);
        using var train = data.SurvivalMatrix();
        using var booster = SyntheticData.Train(train, 60, [.. SyntheticData.Aft, ("monotone_constraints", "(0,1,0)"), ("max_depth", "6")]);

        AssertEvaluatorAgrees(booster, train, data);
    }

    [Fact]
    public void TheEvaluatorSumsEveryTreeOfAParallelForest()
    {
        var data = SyntheticData.Create(2000);
        using var train = data.RegressionMatrix();
        using var booster = SyntheticData.Train(train, 10, ("num_parallel_tree", "3"), ("subsample", "0.8"), ("colsample_bynode", "0.8"));

        var ensemble = XgbJsonTreeReader.Read(booster.SaveJson(), data.Columns);

        Assert.Equal(30, ensemble.Trees.Count);
        Margins.AssertAgree(booster.Predict(train, outputMargin: true), TreeEnsembleEvaluator.PredictMargins(ensemble, data.Features));
    }

    [Fact]
    public void AnEstimatedAbsoluteErrorBaseScoreIsTheMarginItself()
    {
        var data = SyntheticData.Create(2000);
        using var train = data.RegressionMatrix();
        using var booster = SyntheticData.Train(train, 1, ("objective", "reg:absoluteerror"));

        // 1.7 estimates base_score for L1 from the labels (near their median) at the first round, instead of
        // keeping the default 0.5, and stores it untransformed.
        var ensemble = AssertEvaluatorAgrees(booster, train, data);
        Assert.InRange(ensemble.BaseScore, 45f, 70f);
    }

    private static TreeEnsemble AssertEvaluatorAgrees(XgbBooster booster, XgbDMatrix train, SyntheticData data)
    {
        var ensemble = XgbJsonTreeReader.Read(booster.SaveJson(), data.Columns);
        var expected = booster.Predict(train, outputMargin: true);

        var actual = TreeEnsembleEvaluator.PredictMargins(ensemble, data.Features);

        Assert.Equal(booster.BoostedRounds, ensemble.Trees.Count);
        Margins.AssertAgree(expected, actual);
        return ensemble;
    }
}
