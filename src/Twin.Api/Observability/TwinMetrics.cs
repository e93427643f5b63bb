using System.Diagnostics.Metrics;
using Twin.Ml.Prediction;

namespace Twin.Api.Observability;

/// <summary>Twin's own meter: which design model serves (an info gauge, 1 with the version as a tag).</summary>
internal sealed class TwinMetrics : IDisposable
{
    public const string MeterName = "Twin";
    readonly Meter _meter;

    public TwinMetrics(IMeterFactory meters, IDesignModelSource models)
    {
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("twin.model.info", () =>
            new Measurement<int>(1, new KeyValuePair<string, object?>("version", models.Current.Card.Version)),
            description: "The design model version serving forecasts (value 1).");
    }

    public void Dispose() => _meter.Dispose();
}
