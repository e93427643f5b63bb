using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Twin.Storage;

namespace Twin.Actors.Hosting;

public static class GrainHostServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="GrainHost{TGrain}"/> (using the registered
    /// <see cref="IGrainStateStore"/>, <see cref="TimeProvider"/> and logging) and its
    /// <see cref="GrainCollector{TGrain}"/> hosted service.
    /// </summary>
    public static IServiceCollection AddGrainHost<TGrain>(
        this IServiceCollection services,
        Func<GrainActivationContext, TGrain> factory,
        Action<GrainHostOptions>? configure = null)
        where TGrain : class, IGrainBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        var options = new GrainHostOptions();
        configure?.Invoke(options);
        options.Validate();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new GrainHost<TGrain>(
            factory,
            sp.GetService<IGrainStateStore>(),
            options,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<GrainHost<TGrain>>>(),
            sp));
        services.AddHostedService(sp => new GrainCollector<TGrain>(
            sp.GetRequiredService<GrainHost<TGrain>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<GrainCollector<TGrain>>>()));
        return services;
    }
}
