using System.Globalization;
using Microsoft.Data.Sqlite;
using Twin.Storage.Sqlite.Internal;

namespace Twin.Storage.Sqlite;

/// <summary>
/// The embedded store: cells, cycles and grain state in one SQLite file in WAL mode.
/// Writes go through one long-lived connection behind a <see cref="SemaphoreSlim"/> (SQLite
/// runs one writer at a time anyway; queueing here avoids SQLITE_BUSY storms and lets the
/// hot statements stay prepared). Reads open pooled connections and never block the writer.
/// Every write transaction is committed before its method returns. Several processes may
/// open the same file; they then wait for each other's locks up to
/// <see cref="SqliteStoreOptions.BusyTimeout"/>.
/// </summary>
public sealed partial class SqliteStore : ITwinStore, IDisposable
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TimeProvider _time;
    private bool _disposed;

    private SqliteStore(string connectionString, SqliteConnection writer, TimeProvider time)
    {
        _connectionString = connectionString;
        _writer = writer;
        _time = time;
        _cycleCommands = new CycleCommands(writer);
    }

    /// <summary>The file the store lives in.</summary>
    public string DataSource => new SqliteConnectionStringBuilder(_connectionString).DataSource;

    /// <summary>
    /// Opens (creating the directory and file if needed) the database at
    /// <paramref name="pathOrConnectionString"/> — a file path, or a SQLite connection string
    /// containing <c>Data Source=</c> — switches it to WAL and applies pending migrations.
    /// </summary>
    public static async Task<SqliteStore> OpenAsync(
        string pathOrConnectionString, SqliteStoreOptions? options = null, CancellationToken ct = default, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrConnectionString);
        options ??= new SqliteStoreOptions();
        options.Validate();
        time ??= TimeProvider.System;

        var builder = pathOrConnectionString.Contains('=')
            ? new SqliteConnectionStringBuilder(pathOrConnectionString)
            : new SqliteConnectionStringBuilder { DataSource = pathOrConnectionString };
        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
            throw new ArgumentException("SqliteStore needs a file: WAL and durability do not apply to an in-memory database.", nameof(pathOrConnectionString));

        builder.DataSource = Path.GetFullPath(builder.DataSource);
        builder.Mode = SqliteOpenMode.ReadWriteCreate;
        builder.Pooling = true;
        builder.ForeignKeys = true;
        // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout; keep both in step.
        builder.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds));
        Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);

        var connectionString = builder.ToString();
        var writer = new SqliteConnection(connectionString);
        try
        {
            await writer.OpenAsync(ct).ConfigureAwait(false);
            var synchronous = options.Synchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL";
            Execute(writer, string.Create(CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; PRAGMA cache_size = {options.CacheSize};"));
            using (var check = writer.CreateCommand())
            {
                check.CommandText = "PRAGMA journal_mode";
                var mode = (string?)check.ExecuteScalar();
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                    throw new InvalidOperationException($"SQLite database '{builder.DataSource}' could not be switched to WAL mode (journal_mode is '{mode}').");
            }
            SqliteMigrations.Apply(writer, time);
            return new SqliteStore(connectionString, writer, time);
        }
        catch
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The schema version the database is at.</summary>
    public async Task<int> GetSchemaVersionAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenReaderAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_version";
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> on the writer connection, one caller at a time.</summary>
    private async Task<T> RunWriteAsync<T>(Func<SqliteConnection, T> work, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return work(_writer);
        }
        finally
        {
            _writeLock.Release();
            StoreMetrics.Record("sqlite", started);
        }
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _writeLock.Wait();
        try
        {
            if (_disposed)
                return;
            _disposed = true;
            _cycleCommands.Dispose();
            _writer.Dispose();
            // Release the pooled reader handles too, so the file can be moved or deleted.
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        _writeLock.Release();
        Dispose();
    }
}
