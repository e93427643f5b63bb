using Npgsql;

namespace Twin.Api.Tests.Cluster;

/// <summary>
/// A fresh PostgreSQL database (on the server TWIN_TEST_POSTGRES names) and a data folder for one
/// cluster test, dropped afterwards. Connection strings use small pools: three silos share
/// PostgreSQL's 100 connections beside other test runs.
/// </summary>
public abstract class ClusterDatabaseTest(string prefix) : IAsyncLifetime
{
    const string Variable = "TWIN_TEST_POSTGRES";
    readonly string _database = prefix + "_" + Guid.NewGuid().ToString("N")[..12];
    NpgsqlConnectionStringBuilder _server = null!;

    protected string Data { get; } = Directory.CreateTempSubdirectory($"twin-{prefix}-").FullName;
    protected string Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable} is not set: export {Variable}=$(bash scripts/postgres.sh twin_test) (scripts/test.sh does this)."));
        await ExecuteAsync(_server.ConnectionString, $"CREATE DATABASE {_database}");
        Connection = new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Database = _database, MaxPoolSize = 10 }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_server.ConnectionString, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        Directory.Delete(Data, recursive: true);
    }

    static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
