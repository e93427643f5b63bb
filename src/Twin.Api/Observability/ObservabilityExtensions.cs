using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;

namespace Twin.Api.Observability;

public static class ObservabilityExtensions
{
    /// <summary>Readiness checks (store, model) and OpenTelemetry metrics exported in Prometheus format.</summary>
    public static WebApplicationBuilder AddTwinObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<StoreReadyCheck>("store")
            .AddCheck<ModelReadyCheck>("model");
        builder.Services.AddSingleton<TwinMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(m => m
            // ASP.NET Core's and Kestrel's built-in meters: requests, latency histograms, connections.
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting",
                "System.Runtime", TwinMetrics.MeterName)
            // Orleans' own meter (activations, grain calls, messaging), the store's latency, ingestion.
            .AddMeter("Microsoft.Orleans", Storage.StoreMetrics.MeterName, Actors.Cells.IngestionMetrics.MeterName)
            .AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapTwinObservability(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<TwinMetrics>(); // the meter exists from the start
        app.MapHealthChecks("/readyz", new HealthCheckOptions { ResponseWriter = WriteReadiness }).ExcludeFromDescription();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    /// <summary>{"status":"Healthy","checks":{"store":{"status":..,"description":..},"model":{..}}}; 503 unless healthy.</summary>
    static Task WriteReadiness(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}
