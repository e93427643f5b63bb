using Twin.Storage;

namespace Twin.Api.Security.Access;

public static class AccessControlExtensions
{
    /// <summary>API keys from the store, checked per request; the start-up guard against exposing a server without keys.</summary>
    public static WebApplicationBuilder AddTwinAccessControl(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IApiKeyStore>(sp => sp.GetRequiredService<ITwinStore>());
        builder.Services.AddSingleton<ApiKeyAuthenticator>();
        builder.Services.AddHostedService<LoopbackGuard>();
        return builder;
    }

    public static WebApplication UseTwinAccessControl(this WebApplication app)
    {
        app.UseMiddleware<AccessControl>();
        return app;
    }
}
