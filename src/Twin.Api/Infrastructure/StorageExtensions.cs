using Microsoft.Extensions.Options;
using Npgsql;
using Twin.Storage;
using Twin.Storage.Postgres;
using Twin.Storage.Sqlite;

namespace Twin.Api.Infrastructure;

public static class StorageExtensions
{
    public const string DatabaseFile = "twin.db";

    /// <summary>
    /// The store named by Twin:Store, opened and migrated at start-up, serving cells, cycles and
    /// grain state: "sqlite" (default; one file, WAL, under Twin:DataDirectory) or "postgres"
    /// (Twin:PostgresConnection, shared by the silos of a cluster). A PostgreSQL server that
    /// cannot be reached stops the start with a message naming Twin:PostgresConnection; one
    /// lost later makes requests answer 503 (<see cref="StoreUnavailableExceptionHandler"/>).
    /// </summary>
    public static IServiceCollection AddTwinStorage(this IServiceCollection services)
    {
        services.AddSingleton<ITwinStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TwinOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            // Composition root, once at start-up (StoreStartup): no request waits on this.
            return options.Store == TwinOptions.PostgresStore
                ? OpenPostgres(options, time, sp.GetRequiredService<ILogger<PostgresStore>>())
                : OpenSqlite(options, time, sp.GetRequiredService<ILogger<SqliteStore>>());
        });
        services.AddSingleton<ICellStore>(sp => sp.GetRequiredService<ITwinStore>());
        services.AddSingleton<ICycleStore>(sp => sp.GetRequiredService<ITwinStore>());
        services.AddSingleton<IGrainStateStore>(sp => sp.GetRequiredService<ITwinStore>());
        services.AddSingleton<IModelRegistryStore>(sp => sp.GetRequiredService<ITwinStore>());
        services.AddSingleton(TimeProvider.System);
        services.AddHostedService<StoreStartup>();
        services.AddExceptionHandler<StoreUnavailableExceptionHandler>();
        return services;
    }

    private static SqliteStore OpenSqlite(TwinOptions options, TimeProvider time, ILogger logger)
    {
        var path = Path.GetFullPath(Path.Combine(options.DataDirectory, DatabaseFile));
        logger.LogInformation("SQLite store at {Path}", path);
        return SqliteStore.OpenAsync(path, new SqliteStoreOptions(), CancellationToken.None, time).GetAwaiter().GetResult();
    }

    private static PostgresStore OpenPostgres(TwinOptions options, TimeProvider time, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(options.PostgresConnection))
            throw new InvalidOperationException("Twin:Store is 'postgres' but Twin:PostgresConnection is empty; set it to an Npgsql connection string.");
        try
        {
            var store = PostgresStore.OpenAsync(options.PostgresConnection, CancellationToken.None, time).GetAwaiter().GetResult();
            logger.LogInformation("PostgreSQL store at {Endpoint}", store.Endpoint);
            return store;
        }
        catch (StoreUnavailableException e)
        {
            throw new InvalidOperationException(
                $"Twin:Store is 'postgres' but the server named by Twin:PostgresConnection cannot be reached: {e.Message.TrimEnd('.')}. " +
                "Check Twin:PostgresConnection (Twin__PostgresConnection) and that the server is running (scripts/postgres.sh starts a local one).", e);
        }
        catch (NpgsqlException e)
        {
            // Reached but refused: wrong password, missing database or role, no permission to migrate.
            throw new InvalidOperationException($"Twin:Store is 'postgres' but the database named by Twin:PostgresConnection refused Twin: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Twin:PostgresConnection is not a valid Npgsql connection string: {e.Message}", e);
        }
    }
}
