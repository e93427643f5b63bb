using System.Data.Common;
using Npgsql;
using Twin.Storage.Postgres.Internal;

namespace Twin.Storage.Postgres;

/// <summary>
/// The server store: cells, cycles and grain state in PostgreSQL (15 or later), shared by every
/// silo of a cluster. Each call takes a pooled connection and runs in its own transaction,
/// committed (synchronous_commit as the server has it, durable by default) before it returns;
/// concurrency is the database's (row locks, unique keys), not a lock in this process. A
/// connection failure surfaces as <see cref="StoreUnavailableException"/>.
/// </summary>
public sealed partial class PostgresStore : ITwinStore, IDisposable
{
    /// <summary>Pool size when the connection string names none: three silos stay well under PostgreSQL's 100 connections.</summary>
    public const int DefaultMaxPoolSize = 20;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    private PostgresStore(NpgsqlDataSource dataSource, TimeProvider time)
    {
        _dataSource = dataSource;
        _time = time;
    }

    /// <summary>Host, port and database this store talks to (no credentials).</summary>
    public string Endpoint => PostgresFaults.Describe(_dataSource);

    /// <summary>
    /// Connects with <paramref name="connectionString"/> (an Npgsql connection string; a
    /// <c>Search Path</c> in it picks the schema), applies pending migrations and returns the
    /// store. Throws <see cref="StoreUnavailableException"/> when the server cannot be reached.
    /// </summary>
    public static async Task<PostgresStore> OpenAsync(string connectionString, CancellationToken ct = default, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var dataSource = BuildDataSource(connectionString);
        try
        {
            await using (var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false))
                await PostgresMigrations.ApplyAsync(connection, time ?? TimeProvider.System, ct).ConfigureAwait(false);
            return new PostgresStore(dataSource, time ?? TimeProvider.System);
        }
        catch (Exception e) when (PostgresFaults.IsUnavailable(e))
        {
            var error = PostgresFaults.Unavailable(dataSource, e);
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw error;
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    internal static NpgsqlDataSource BuildDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (!NamesMaxPoolSize(connectionString))
            builder.ConnectionStringBuilder.MaxPoolSize = DefaultMaxPoolSize;
        return builder.Build();
    }

    /// <summary>Whether the connection string sets the pool size itself (any of Npgsql's spellings).</summary>
    private static bool NamesMaxPoolSize(string connectionString)
    {
        var raw = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in raw.Keys)
        {
            var k = key.Replace(" ", "", StringComparison.Ordinal);
            if (k.Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase) || k.Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    /// <summary>The schema version the database is at.</summary>
    public Task<int> GetSchemaVersionAsync(CancellationToken ct = default) =>
        RunAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_version", connection);
            return (int)(await command.ExecuteScalarAsync(token).ConfigureAwait(false))!;
        }, ct);

    /// <summary>Runs <paramref name="work"/> on a pooled connection, turning connection failures into <see cref="StoreUnavailableException"/>.</summary>
    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            return await work(connection, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (PostgresFaults.IsUnavailable(e) && !ct.IsCancellationRequested)
        {
            // The server likely restarted or the network dropped: the idle pooled connections
            // are dead too, so drop them rather than fail the next calls one by one.
            _dataSource.Clear();
            throw PostgresFaults.Unavailable(_dataSource, e);
        }
        finally
        {
            StoreMetrics.Record("postgres", started);
        }
    }

    public void Dispose() => _dataSource.Dispose();

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
