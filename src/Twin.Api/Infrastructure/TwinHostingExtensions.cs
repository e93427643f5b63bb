using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Twin.Api.Observability;
using Twin.Api.Security;
using Twin.Api.Security.Access;

namespace Twin.Api.Infrastructure;

public static class TwinHostingExtensions
{
    /// <summary>Options validated at start-up, JSON that rejects unknown fields, ProblemDetails for every error, body size limit.</summary>
    public static WebApplicationBuilder AddTwinHosting(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TwinOptions>().Bind(builder.Configuration.GetSection(TwinOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.Configure<JsonOptions>(o =>
        {
            // A misspelt field ("coating_thicknes_nm") is an error, not a silently ignored value.
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        // Binding failures throw (and become ProblemDetails naming the field) in every environment.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        var maxBytes = builder.Configuration.GetSection(TwinOptions.Section).GetValue<long?>(nameof(TwinOptions.MaxRequestBytes)) ?? new TwinOptions().MaxRequestBytes;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxBytes);
        builder.Services.AddOpenApi();
        builder.AddTwinSecurity();
        builder.AddTwinAccessControl();
        builder.AddTwinRequestLimits();
        builder.AddTwinObservability();
        return builder;
    }

    public static WebApplication UseTwinHosting(this WebApplication app)
    {
        app.UseTwinSecurity();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Keys before the rate limiter: its buckets are per key.
        app.UseTwinAccessControl();
        app.UseTwinRequestLimits();
        // The dashboard (wwwroot/): static files, served before the API routes.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapOpenApi();
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).WithTags("Health").ExcludeFromDescription();
        app.MapTwinObservability();
        return app;
    }
}
