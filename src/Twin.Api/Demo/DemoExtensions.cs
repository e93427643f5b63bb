using Twin.Api.Demo;

// In the hosting namespace Program.cs already imports: wiring the demo is one line there.
namespace Twin.Api.Infrastructure;

public static class DemoExtensions
{
    /// <summary>Demo cells in an empty store at first start (Twin:Demo; docs/dashboard.md).</summary>
    public static WebApplicationBuilder AddTwinDemo(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection(DemoOptions.Section));
        builder.Services.AddHostedService<DemoSeeder>();
        return builder;
    }
}
