using Twin.Core.Twins;

namespace Twin.Ml.Prediction;

/// <summary>Where twins and endpoints get the design model in force (the server's ModelRegistry; a retraining issue can make it swap models).</summary>
public interface IDesignModelSource
{
    DesignForecaster Current { get; }
}

public static class DesignPriorExtensions
{
    /// <summary>
    /// The design forecast as a twin prior: the lifetime spread is the calibrated 90% half-width
    /// over 1.645 (a normal's 90% point); the twin's heavy-tailed prior and its own conformal
    /// scale take care of the tails.
    /// </summary>
    public static TwinPrior ToTwinPrior(this DesignPrior prior) =>
        new(prior.LogEol80, Math.Max(0.05, prior.Quantiles.Q90 / 1.645), prior.LogExponent, TwinPrior.DefaultLogExponentSd, prior.ModelVersion);
}
