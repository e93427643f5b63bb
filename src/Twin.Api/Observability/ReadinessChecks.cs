using Microsoft.Extensions.Diagnostics.HealthChecks;
using Twin.Ml.Prediction;
using Twin.Storage;

namespace Twin.Api.Observability;

/// <summary>The store answers a query (an indexed lookup of a cell that never exists).</summary>
internal sealed class StoreReadyCheck(ICellStore cells) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await cells.GetCellAsync("~readyz", ct);
            return HealthCheckResult.Healthy("the store answers");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"the store does not answer: {e.Message}");
        }
    }
}

/// <summary>The design model is loaded and forecasts.</summary>
internal sealed class ModelReadyCheck(IDesignModelSource models) : IHealthCheck
{
    static readonly Core.Designs.CellDesign Probe = new("graphite", "none", null, null, null, "LiPF6 carbonate", null, null, 1, 25);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            using var model = models.Acquire();
            model.Value.Predict(Probe, ct);
            return Task.FromResult(HealthCheckResult.Healthy($"model {model.Value.Card.Version}"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"the design model does not forecast: {e.Message}"));
        }
    }
}
