using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Twin.Storage;

namespace Twin.Actors.Cells;

public static class CellIngestionServiceCollectionExtensions
{
    /// <summary>The ingestion path, telling cell grains through the silo's <see cref="IGrainFactory"/> when one is registered.</summary>
    public static IServiceCollection AddCellIngestion(this IServiceCollection services)
    {
        services.AddSingleton(sp => new CellIngestion(sp.GetRequiredService<ICellStore>(), sp.GetRequiredService<ICycleStore>(), sp.GetService<IGrainFactory>()));
        return services;
    }
}
