using Microsoft.Extensions.Options;
using Twin.Api.Infrastructure;
using Twin.Ml.Prediction;

namespace Twin.Api.Models;

/// <summary>
/// Holds the design model the server forecasts with. The ONNX Runtime session is created once,
/// at start-up, so a missing or inconsistent model fails the start with a message naming the
/// setting, never the first request.
/// </summary>
public sealed class ModelRegistry : IDesignModelSource, IDisposable
{
    public ModelRegistry(IOptions<TwinOptions> options, ILogger<ModelRegistry> logger)
    {
        var o = options.Value;
        var folder = o.ResolveModelDirectory();
        Current = DesignForecaster.Load(folder, o.ModelName, logger);
        logger.LogInformation("design model {Name} {Version} loaded from {Folder}", o.ModelName, Current.Card.Version, folder);
    }

    public DesignForecaster Current { get; }

    public void Dispose() => Current.Dispose();
}

public static class ModelRegistryExtensions
{
    public static IServiceCollection AddTwinModels(this IServiceCollection services)
    {
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<IDesignModelSource>(sp => sp.GetRequiredService<ModelRegistry>());
        services.AddHostedService<ModelWarmup>();
        services.AddSingleton<ModelVersions>();
        services.AddSingleton<RetrainJobs>();
        services.AddHostedService(sp => sp.GetRequiredService<RetrainJobs>());
        return services;
    }

    /// <summary>Loads the model while the server starts, so a bad model stops the start, not a request.</summary>
    sealed class ModelWarmup(ModelRegistry registry) : IHostedService
    {
        public Task StartAsync(CancellationToken ct) => Task.FromResult(registry.Current);
        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
