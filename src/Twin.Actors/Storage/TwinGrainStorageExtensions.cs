using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Hosting;
using Twin.Storage;

namespace Twin.Actors.Storage;

public static class TwinGrainStorageExtensions
{
    /// <summary>The storage provider cell grains use (<c>[PersistentState("twin", "twin")]</c>).</summary>
    public const string ProviderName = "twin";

    /// <summary>Registers <see cref="TwinGrainStorage"/> as grain storage <see cref="ProviderName"/> over the registered <see cref="IGrainStateStore"/>.</summary>
    public static IServiceCollection AddTwinGrainStorage(this IServiceCollection services) =>
        services.AddGrainStorage(ProviderName, (sp, _) =>
            new TwinGrainStorage(sp.GetRequiredService<IGrainStateStore>(), sp.GetRequiredService<ILogger<TwinGrainStorage>>()));
}
