using Microsoft.AspNetCore.Http.Json;

namespace Twin.Api.Security;

public static class RequestLimitExtensions
{
    /// <summary>String length limits and no duplicate keys in JSON bodies; the rate limiter; per-endpoint body sizes.</summary>
    public static WebApplicationBuilder AddTwinRequestLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RequestLimitOptions>().Bind(builder.Configuration.GetSection(RequestLimitOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        var limits = builder.Configuration.GetSection(RequestLimitOptions.Section).Get<RequestLimitOptions>() ?? new RequestLimitOptions();
        builder.Services.Configure<JsonOptions>(o =>
        {
            // {"coating":"Al2O3","coating":"none"}: which one did the client mean? Refuse instead of guessing.
            o.SerializerOptions.AllowDuplicateProperties = false;
            o.SerializerOptions.Converters.Add(new BoundedStringConverter(limits.MaxTextLength, limits.MaxKeyLength));
        });
        builder.Services.AddRateLimiter(o => RateLimiting.Configure(o, limits));
        return builder;
    }

    public static WebApplication UseTwinRequestLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseMiddleware<RequestSizeLimit>();
        return app;
    }
}
