using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Twin.Actors.Fleet;
using Twin.Actors.Storage;

namespace Twin.Actors.Cells;

public static class CellGrainSiloExtensions
{
    /// <summary>
    /// Everything a silo needs to host cell grains, whatever its clustering: the "twin" grain
    /// storage over the registered IGrainStateStore, idle collection by
    /// <see cref="CellGrainOptions.CollectionAge"/>, and Twin's exceptions (an unknown cell)
    /// carried back to callers as themselves. The silo's services must hold ICellStore,
    /// ICycleStore, IGrainStateStore and IDesignModelSource.
    /// </summary>
    public static ISiloBuilder AddCellGrains(this ISiloBuilder silo, CellGrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        silo.Services.AddTwinGrainStorage();
        silo.Services.AddOptions<CellGrainOptions>().Configure(o =>
        {
            o.CollectionAge = options.CollectionAge;
            o.StoreCheckInterval = options.StoreCheckInterval;
            o.FleetRefitInterval = options.FleetRefitInterval;
        });
        silo.Services.AddSingleton<FleetModels>();
        silo.Configure<GrainCollectionOptions>(o =>
        {
            o.CollectionAge = options.CollectionAge;
            // Orleans wants the collection sweep more frequent than the age.
            if (o.CollectionQuantum >= options.CollectionAge) o.CollectionQuantum = options.CollectionAge / 2;
        });
        silo.Services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Twin"));
        return silo;
    }
}
