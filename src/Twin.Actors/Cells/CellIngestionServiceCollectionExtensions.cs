using Microsoft.Extensions.DependencyInjection;
using Twin.Storage;

namespace Twin.Actors.Cells;

public static class CellIngestionServiceCollectionExtensions
{
    /// <summary>The ingestion path, notifying the registered <see cref="CellGrains"/> (AddCellGrains first).</summary>
    public static IServiceCollection AddCellIngestion(this IServiceCollection services)
    {
        services.AddSingleton(sp => new CellIngestion(sp.GetRequiredService<ICellStore>(), sp.GetRequiredService<ICycleStore>(), sp.GetService<CellGrains>()));
        return services;
    }
}
