using Twin.Core.Designs;
using Twin.Ml.Interop.XGBoost;
using Twin.Ml.Models;
using Twin.Ml.Prediction;

namespace Twin.Ml.Tests.Training;

public sealed class DesignModelTests(ShippedModelFixture shipped) : IClassFixture<ShippedModelFixture>
{
    static CellDesign Nca(double charge) => new("NCA/graphite", "none", null, null, null, "LiPF6 carbonate", "liquid_carbonate", null, 1, 25, charge);
    static CellDesign Si(string coating, double? nm = 2) => new("Si nanoparticles", coating, null, coating == "none" ? null : nm, "ALD", "LiPF6 in EC/DEC", null, 200, null, 25);

    [Fact]
    public void TheExportGateFindsOnnxRuntimeAndXgboostAgreeToFloatRounding()
    {
        Assert.InRange(shipped.Agreement, 0, ModelExporter.AgreementTolerance);
    }

    [Fact]
    public void TheForecasterServesExactlyWhatXgboostPredicts()
    {
        using var forecaster = new DesignForecaster(shipped.Onnx, shipped.Card());
        var designs = shipped.Data.Units.Take(50).Select(u => u.Design).ToArray();
        var priors = forecaster.Predict(designs);
        using var booster = XgbBooster.LoadJson(shipped.Trained.LifetimeJson);
        var rows = designs.SelectMany(Core.Features.DesignFeatures.Encode).ToArray();
        using var matrix = XgbDMatrix.FromDense(rows, designs.Length, Core.Features.DesignFeatures.Count);
        var margins = booster.Predict(matrix, outputMargin: true);
        // float32 rounding of a sum of 150 trees: the gate's tolerance, relative.
        for (var i = 0; i < designs.Length; i++)
        {
            var expected = shipped.Trained.Shrinkage.Apply(margins[i]);
            Assert.InRange(Math.Abs(expected - priors[i].LogEol80) / Math.Max(1, Math.Abs(expected)), 0, ModelExporter.AgreementTolerance);
        }
    }

    [Fact]
    public void FasterChargingNeverPredictsALongerLife()
    {
        using var forecaster = new DesignForecaster(shipped.Onnx, shipped.Card());
        var rates = new[] { 0.25, 0.5, 1, 2, 4, 8 };
        var eols = forecaster.Predict(rates.Select(Nca).ToArray()).Select(p => p.Eol80).ToArray();
        for (var i = 1; i < eols.Length; i++) Assert.True(eols[i] <= eols[i - 1] + 1e-9, $"EOL rose from {eols[i - 1]} to {eols[i]} at charge rate {rates[i]}");
    }

    [Fact]
    public void RetentionNeverRisesWithCyclesAndItsBandHoldsTheMedian()
    {
        using var forecaster = new DesignForecaster(shipped.Onnx, shipped.Card());
        var prior = forecaster.Predict(Si("Al2O3"));
        var previous = 1.0;
        foreach (var n in new[] { 1, 10, 50, 100, 500, 1000, 5000 })
        {
            var (p50, lo, hi) = prior.Soh(n, 0.90);
            Assert.True(lo <= p50 && p50 <= hi, $"band [{lo}, {hi}] misses {p50} at {n}");
            Assert.True(p50 <= previous);
            previous = p50;
        }
    }

    [Fact]
    public void IntervalsWidenWithTheLevelAndForACoatingTheModelNeverSaw()
    {
        using var forecaster = new DesignForecaster(shipped.Onnx, shipped.Card());
        var known = forecaster.Predict(Si("Al2O3"));
        var unseen = forecaster.Predict(Si("Zr-MOF glaze") with { CoatingClass = "hybrid_mld" });
        Assert.False(known.UnseenCoating);
        Assert.True(unseen.UnseenCoating);
        Assert.Equal(DesignDomain.Lab, unseen.Domain);
        foreach (var level in ConformalQuantiles.Levels)
            Assert.True(unseen.Quantiles.For(level) >= known.Quantiles.For(level));
        var q = shipped.Trained.Calibration.Commercial;
        Assert.True(q.Q80 <= q.Q90 && q.Q90 <= q.Q95);
    }

    [Fact]
    public void CrossValidationReportsTheModelBesideBothBaselines()
    {
        var rows = shipped.Trained.CrossValidation.Rows.Where(r => r.Domain == "all").ToArray();
        Assert.Equal(["twin design model", "baseline: training-mean EOL", "baseline: metadata ridge regression"], rows.Select(r => r.Method));
        Assert.All(rows, r => Assert.InRange(r.Coverage90!.Value, 0, 1));
        // Held-out 90% coverage on the grouped folds is what the calibration promises (with slack for 496 units).
        Assert.InRange(rows[0].Coverage90!.Value, 0.85, 0.95);
    }

    [Fact]
    public void AModelWhoseOnnxFileDoesNotMatchItsCardIsRefused()
    {
        var folder = Directory.CreateTempSubdirectory("twin-model-").FullName;
        try
        {
            ModelFiles.Save(folder, "m", shipped.Onnx, shipped.Card("m"));
            Assert.Equal(shipped.Onnx, ModelFiles.Load(folder, "m").Onnx);
            var bytes = File.ReadAllBytes(ModelFiles.OnnxPath(folder, "m"));
            bytes[^1] ^= 0xFF;
            File.WriteAllBytes(ModelFiles.OnnxPath(folder, "m"), bytes);
            var e = Assert.Throws<InvalidDataException>(() => ModelFiles.Load(folder, "m"));
            Assert.Contains("inconsistent", e.Message);
        }
        finally { Directory.Delete(folder, true); }
    }
}
