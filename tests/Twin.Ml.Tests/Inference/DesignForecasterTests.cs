using Twin.Core.Designs;
using Twin.Ml.Models;
using Twin.Ml.Prediction;
using Twin.Tests.Shared;

namespace Twin.Ml.Tests.Inference;

/// <summary>The forecaster on the shipped model (models/twin-design.onnx) through the package runtime.</summary>
public sealed class DesignForecasterTests
{
    static DesignForecaster Shipped() => DesignForecaster.Load(RepoPaths.Models, ModelLocations.DefaultModelName);

    static CellDesign[] Designs() =>
    [
        new("Si nanoparticles", "Al2O3", null, 2, "ALD", "1 M LiPF6 in EC/DEC", null, 200, null, 25),
        new("Si nanoparticles", "none", null, null, null, "1 M LiPF6 in EC/DEC", null, 200, null, 25),
        new("NCA/graphite", "none", null, null, null, "LiPF6 carbonate", "liquid_carbonate", null, 1, 25, 2),
        new("NMC811", "TiO2", null, 5, "ALD", "LiPF6 in EC/DMC", null, null, 0.5, 45),
        new("LFP", "unheard-of coating", null, 10, "MLD", "LiFSI", null, null, null, null),
    ];

    [Fact]
    public void OneDesignOnPreBoundBuffersEqualsTheSameDesignInABatch()
    {
        using var forecaster = Shipped();
        var designs = Designs();

        var batch = forecaster.Predict(designs);
        var single = designs.Select(d => forecaster.Predict(d)).ToArray();

        Assert.Equal(batch, single);
    }

    [Fact]
    public async Task DisposingWhileManyThreadsForecastNeverCrashesAndLaterCallsAreRefused()
    {
        var forecaster = Shipped();
        var design = Designs()[0];
        var expected = forecaster.Predict(design);
        long done = 0;
        var wrong = 0;

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            while (true)
            {
                try
                {
                    if (forecaster.Predict(design) != expected) Interlocked.Increment(ref wrong);
                    Interlocked.Increment(ref done);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }
        })).ToArray();
        var spin = new SpinWait();
        while (Interlocked.Read(ref done) < 1000) spin.SpinOnce();
        forecaster.Dispose();
        await Task.WhenAll(workers);

        Assert.Equal(0, wrong);
        var error = Assert.Throws<ObjectDisposedException>(() => forecaster.Predict(design));
        Assert.Contains(forecaster.Card.Version, error.Message);
        Assert.Throws<ObjectDisposedException>(() => forecaster.Predict([design, design]));
    }
}
