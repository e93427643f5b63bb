using Twin.Ml.Interop.XGBoost;
using Twin.Ml.Trees;

namespace Twin.Ml.Tests.XGBoost;

public sealed class XgbBoosterTests
{
    [Fact]
    public void TrainingAddsTheRequestedRounds()
    {
        var data = SyntheticData.Create(500);
        using var train = data.RegressionMatrix();
        using var booster = SyntheticData.Train(train, 3);

        booster.Train(train, 2, CancellationToken.None);

        Assert.Equal(5, booster.BoostedRounds);
        Assert.Equal(3, booster.FeatureCount);
    }

    [Fact]
    public void ACancelledTokenStopsTrainingBeforeTheNextRound()
    {
        var data = SyntheticData.Create(500);
        using var train = data.RegressionMatrix();
        using var booster = new XgbBooster([train]);

        Assert.Throws<OperationCanceledException>(() => booster.Train(train, 10, new CancellationToken(canceled: true)));
        Assert.Equal(0, booster.BoostedRounds);
    }

    [Fact]
    public void PredictionsImproveOnTheBaseScore()
    {
        var data = SyntheticData.Create(2000);
        using var train = data.RegressionMatrix();
        using var booster = SyntheticData.Train(train, 50, ("objective", "reg:squarederror"));

        var predictions = booster.Predict(train, outputMargin: false);

        var rmse = Math.Sqrt(predictions.Select((p, i) => Math.Pow(p - data.Label[i], 2)).Average());
        Assert.InRange(rmse, 0, 3);
    }

    [Fact]
    public void ABadParameterValueGivesXGBoostsMessage()
    {
        var data = SyntheticData.Create(100);
        using var train = data.RegressionMatrix();
        using var booster = new XgbBooster([train]);
        booster.SetParam("max_depth", "deep");

        var e = Assert.Throws<XGBoostException>(() => booster.Train(train, 1, CancellationToken.None));

        Assert.Equal("Invalid Parameter format for max_depth expect int but value='deep'", e.NativeMessage);
        Assert.EndsWith("failed: Invalid Parameter format for max_depth expect int but value='deep'", e.Message);
    }

    [Fact]
    public void AnUnknownObjectiveGivesXGBoostsMessage()
    {
        var data = SyntheticData.Create(100);
        using var train = data.RegressionMatrix();
        using var booster = new XgbBooster([train]);
        booster.SetParam("objective", "reg:nonsense");

        var e = Assert.Throws<XGBoostException>(() => booster.Train(train, 1, CancellationToken.None));

        Assert.Contains("Unknown objective function: `reg:nonsense`", e.NativeMessage);
    }

    [Fact]
    public void AModelThatIsNotJsonIsRefusedByXGBoost()
    {
        var e = Assert.Throws<XGBoostException>(() => XgbBooster.LoadJson("{\"learner\": 42}"));

        Assert.Equal("XGBoosterLoadModelFromBuffer", e.Function);
    }

    [Fact]
    public void AJsonRoundTripPredictsIdentically()
    {
        var data = SyntheticData.Create(2000);
        using var train = data.SurvivalMatrix();
        using var booster = SyntheticData.Train(train, 30, SyntheticData.Aft);
        booster.SetAttribute("data_hash", "sha256:abc");

        using var reloaded = XgbBooster.LoadJson(booster.SaveJson());

        Assert.Equal(booster.Predict(train, outputMargin: true), reloaded.Predict(train, outputMargin: true));
        Assert.Equal(booster.Predict(train, outputMargin: false), reloaded.Predict(train, outputMargin: false));
        Assert.Equal(30, reloaded.BoostedRounds);
        Assert.Equal("sha256:abc", reloaded.GetAttribute("data_hash"));
        Assert.Null(reloaded.GetAttribute("no_such_attribute"));
    }

    [Fact]
    public void AUbjRoundTripPredictsIdentically()
    {
        var data = SyntheticData.Create(1000);
        using var train = data.RegressionMatrix();
        using var booster = SyntheticData.Train(train, 20);

        var ubj = booster.SaveUbj();
        using var reloaded = XgbBooster.Load(ubj);

        Assert.Equal(booster.Predict(train, outputMargin: true), reloaded.Predict(train, outputMargin: true));
        Assert.Equal(booster.SaveJson(), reloaded.SaveJson());
    }

    [Fact]
    public void AnAftPredictionIsTheExponentialOfItsMargin()
    {
        var data = SyntheticData.Create(1000);
        using var train = data.SurvivalMatrix();
        using var booster = SyntheticData.Train(train, 20, SyntheticData.Aft);

        var margins = booster.Predict(train, outputMargin: true);
        var predictions = booster.Predict(train, outputMargin: false);

        Margins.AssertAgree(predictions, margins.Select(MathF.Exp).ToArray());
    }

    [Fact]
    public void AMonotoneConstraintHoldsOverAGrid()
    {
        var data = SyntheticData.Create(3000);
        using var train = data.RegressionMatrix();
        using var constrained = SyntheticData.Train(train, 60, ("monotone_constraints", "(0,1,0)"));
        using var free = SyntheticData.Train(train, 60);

        var (constrainedGrid, freeGrid) = (Grid(constrained), Grid(free));
        var ensemble = XgbJsonTreeReader.Read(constrained.SaveJson(), 3);

        foreach (var row in constrainedGrid)
        {
            for (var k = 1; k < row.Length; k++)
            {
                Assert.True(row[k] >= row[k - 1], $"The prediction fell from {row[k - 1]} to {row[k]} at grid step {k}.");
            }
        }

        // The data fall past x1 = 6, so an unconstrained model must fall somewhere: the grid has teeth.
        Assert.Contains(freeGrid, row => row.Zip(row.Skip(1)).Any(p => p.Second < p.First));
        Assert.Equal(
            constrainedGrid.SelectMany(r => r),
            GridRows().Select(r => TreeEnsembleEvaluator.PredictMargin(ensemble, r)));
    }

    /// <summary>x1 from 0 to 10 in steps of 0.1, for x0 and x2 each in {NaN, 1, 5, 9}: one row of predictions per (x0, x2).</summary>
    private static List<float[]> Grid(XgbBooster booster)
    {
        var rows = GridRows().ToArray();
        using var matrix = XgbDMatrix.FromDense(rows.SelectMany(r => r).ToArray(), rows.Length, 3);
        return booster.Predict(matrix, outputMargin: true).Chunk(101).ToList();
    }

    private static IEnumerable<float[]> GridRows()
    {
        float[] others = [float.NaN, 1, 5, 9];
        foreach (var x0 in others)
        {
            foreach (var x2 in others)
            {
                for (var step = 0; step <= 100; step++)
                {
                    yield return [x0, step / 10f, x2];
                }
            }
        }
    }

    [Fact]
    public void ABoosterOutlivesTheMatrixItCaches()
    {
        var data = SyntheticData.Create(500);
        var train = data.RegressionMatrix();
        using var booster = SyntheticData.Train(train, 5);
        var before = booster.Predict(train, outputMargin: true);
        train.Dispose();

        using var fresh = data.Matrix();

        Assert.Equal(before, booster.Predict(fresh, outputMargin: true));
    }

    [Fact]
    public void ADisposedBoosterCannotBeUsed()
    {
        var booster = new XgbBooster([]);
        booster.Dispose();

        Assert.Throws<ObjectDisposedException>(() => booster.SetParam("eta", "0.1"));
    }
}
