using Twin.Core.Designs;
using Twin.Core.WhatIf;

namespace Twin.Ml.Prediction;

public static class DesignPoints
{
    /// <summary>
    /// The model's answers for designs as what-if and sweep points, in one batched ONNX Runtime
    /// call: median log cycles to 80%, exponent, the calibrated 90% half-width, and whether the
    /// design is an extrapolation (a coating the model never saw, or a thickness outside the
    /// literature's range for it).
    /// </summary>
    public static IReadOnlyList<DesignPoint> Predict(this DesignForecaster model, IReadOnlyList<CellDesign> designs, EvidenceIndex evidence, CancellationToken ct = default)
    {
        var priors = model.Predict(designs, ct);
        var points = new DesignPoint[designs.Count];
        for (var i = 0; i < designs.Count; i++)
            points[i] = new DesignPoint(priors[i].LogEol80, priors[i].Exponent, priors[i].Quantiles.For(0.90),
                priors[i].UnseenCoating || evidence.For(designs[i], 0).Extrapolated);
        return points;
    }
}
