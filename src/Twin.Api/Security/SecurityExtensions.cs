namespace Twin.Api.Security;

public static class SecurityExtensions
{
    const string CorsPolicy = "configured-origins";

    /// <summary>Security headers, CORS (only for configured origins), the same-origin check.</summary>
    public static WebApplicationBuilder AddTwinSecurity(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SecurityOptions.Section);
        builder.Services.AddOptions<SecurityOptions>().Bind(section)
            .Validate(o => o.CorsOrigins.All(IsOrigin), $"{SecurityOptions.Section}:CorsOrigins must hold origins like https://lab.example (scheme, host and optional port; no path).")
            .ValidateOnStart();
        var origins = section.Get<SecurityOptions>()?.CorsOrigins ?? [];
        if (origins.Length > 0)
            builder.Services.AddCors(o => o.AddPolicy(CorsPolicy, p => p.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod()));
        return builder;
    }

    /// <summary>Goes first in the pipeline, so every response (errors and static files too) carries the headers.</summary>
    public static WebApplication UseTwinSecurity(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            // OnStarting: the exception handler clears headers set earlier.
            context.Response.OnStarting(static state =>
            {
                SecurityHeaders.Apply(((HttpContext)state).Response.Headers);
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        if (app.Services.GetService<Microsoft.AspNetCore.Cors.Infrastructure.ICorsService>() is not null) app.UseCors(CorsPolicy);
        app.UseMiddleware<SameOriginCheck>();
        return app;
    }

    static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/" && uri.Query.Length == 0 && !value.EndsWith('/');
}
