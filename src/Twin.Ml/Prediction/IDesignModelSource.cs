using Twin.Core.Twins;
using Twin.Ml.Inference;
using Twin.Ml.Models;

namespace Twin.Ml.Prediction;

/// <summary>
/// Where twins and endpoints get the design model in force. A promotion swaps it at any moment,
/// so a caller leases the model for one request or study and disposes the lease after its last
/// call: the model it started with stays usable until then (see <see cref="ModelHolder{T}"/>).
/// </summary>
public interface IDesignModelSource
{
    /// <summary>A lease on the model serving now.</summary>
    ModelLease<DesignForecaster> Acquire();

    /// <summary>The serving model's card (its version, calibration...); a card outlives its model, so no lease is needed.</summary>
    ModelCard Card { get; }
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

/// <summary>One model for the source's whole life (a silo in tests and benchmarks, where nothing is promoted); disposing it disposes the model once its leases end.</summary>
public sealed class SingleModelSource(DesignForecaster model) : IDesignModelSource, IDisposable
{
    readonly ModelHolder<DesignForecaster> _holder = new(model);

    public ModelCard Card { get; } = model.Card;

    public ModelLease<DesignForecaster> Acquire() => _holder.Acquire();

    public void Dispose() => _holder.Dispose();
}
