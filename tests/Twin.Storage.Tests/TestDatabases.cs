using Npgsql;
using Twin.Storage.Postgres;
using Twin.Storage.Sqlite;

namespace Twin.Storage.Tests;

/// <summary>
/// A fresh, empty database for one test, of one kind; every store opened on it sees the same
/// data (two stores are two nodes). Removed on dispose.
/// </summary>
public interface ITestDatabase : IAsyncDisposable
{
    /// <summary>"sqlite" or "postgres": the first argument of the append-child process.</summary>
    string Kind { get; }

    /// <summary>What a store is opened on: the SQLite file path or the PostgreSQL connection string.</summary>
    string Target { get; }

    Task<ITwinStore> OpenAsync();
}

/// <summary>A fresh directory per test holding one SQLite file.</summary>
public sealed class SqliteDatabase : ITestDatabase
{
    private readonly TempDatabase _file = new();

    public string Directory => _file.Directory;

    public string Path => _file.Path;

    public string Kind => "sqlite";

    public string Target => Path;

    public async Task<ITwinStore> OpenAsync() => await _file.OpenAsync();

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}

/// <summary>
/// A schema of its own per test in the PostgreSQL database named by TWIN_TEST_POSTGRES (the
/// stores reach it through Search Path), dropped on dispose. The variable is required: without
/// it every PostgreSQL test fails, in CI and locally alike, never skips.
/// </summary>
public sealed class PostgresDatabase : ITestDatabase
{
    public const string Variable = "TWIN_TEST_POSTGRES";

    public PostgresDatabase()
    {
        ServerConnectionString = ServerConnection();
        Schema = "t_" + Guid.NewGuid().ToString("N");
        Target = new NpgsqlConnectionStringBuilder(ServerConnectionString) { SearchPath = Schema, ApplicationName = Schema }.ConnectionString;
        using var connection = new NpgsqlConnection(ServerConnectionString);
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE SCHEMA {Schema}", connection);
        create.ExecuteNonQuery();
    }

    /// <summary>The connection string from TWIN_TEST_POSTGRES, or a failure saying how to get one.</summary>
    public static string ServerConnection() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set, so the PostgreSQL store tests cannot run. Start the test server and export its " +
                $"connection string: export {Variable}=$(bash scripts/postgres.sh twin_test) (scripts/test.sh does this).");

    public string ServerConnectionString { get; }

    public string Schema { get; }

    public string Kind => "postgres";

    public string Target { get; }

    public async Task<ITwinStore> OpenAsync() => await PostgresStore.OpenAsync(Target);

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA {Schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
