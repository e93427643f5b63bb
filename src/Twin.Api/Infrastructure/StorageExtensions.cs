using Microsoft.Extensions.Options;
using Twin.Storage;
using Twin.Storage.Sqlite;

namespace Twin.Api.Infrastructure;

public static class StorageExtensions
{
    public const string DatabaseFile = "twin.db";

    /// <summary>
    /// The embedded default store: one SQLite file (WAL) under Twin:DataDirectory, opened and
    /// migrated at start-up, serving cells, cycles and grain state.
    /// </summary>
    public static IServiceCollection AddTwinStorage(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TwinOptions>>().Value;
            var path = Path.GetFullPath(Path.Combine(options.DataDirectory, DatabaseFile));
            sp.GetRequiredService<ILogger<SqliteStore>>().LogInformation("SQLite store at {Path}", path);
            // Composition root, once at start-up: no request waits on this.
            return SqliteStore.OpenAsync(path, new SqliteStoreOptions(), CancellationToken.None, sp.GetRequiredService<TimeProvider>()).GetAwaiter().GetResult();
        });
        services.AddSingleton<ICellStore>(sp => sp.GetRequiredService<SqliteStore>());
        services.AddSingleton<ICycleStore>(sp => sp.GetRequiredService<SqliteStore>());
        services.AddSingleton<IGrainStateStore>(sp => sp.GetRequiredService<SqliteStore>());
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
