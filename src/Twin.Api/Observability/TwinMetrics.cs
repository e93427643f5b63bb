using System.Diagnostics.Metrics;
using Twin.Ml.Prediction;

namespace Twin.Api.Observability;

/// <summary>Twin's own meter: which design model serves (an info gauge, 1 with the version as a tag) and the retraining jobs by state.</summary>
internal sealed class TwinMetrics : IDisposable
{
    public const string MeterName = "Twin";
    readonly Meter _meter;

    public TwinMetrics(IMeterFactory meters, IDesignModelSource models, Models.RetrainJobs jobs)
    {
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("twin.model.info", () =>
            new Measurement<int>(1, new KeyValuePair<string, object?>("version", models.Card.Version)),
            description: "The design model version serving forecasts (value 1).");
        _meter.CreateObservableGauge("twin.retrain.jobs", () =>
            jobs.CountByState().Select(s => new Measurement<int>(s.Count, new KeyValuePair<string, object?>("state", s.State))),
            description: "Retraining jobs on this silo by state (queued, running, succeeded, failed, cancelled).");
    }

    public void Dispose() => _meter.Dispose();
}
