using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Twin.Api.Tests.Cells;

namespace Twin.Api.Tests.Infrastructure;

/// <summary>
/// The server on Twin:Store=postgres, against the real test server (TWIN_TEST_POSTGRES, started by
/// scripts/postgres.sh), each test in a schema of its own.
/// </summary>
public sealed class PostgresStoreServerTests : IAsyncLifetime
{
    private const string Variable = "TWIN_TEST_POSTGRES";
    private readonly string _schema = "api_" + Guid.NewGuid().ToString("N");
    private readonly List<TwinApiFactory> _factories = [];
    private NpgsqlConnectionStringBuilder _server = null!;

    public async Task InitializeAsync()
    {
        _server = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable} is not set: export {Variable}=$(bash scripts/postgres.sh twin_test) (scripts/test.sh does this)."));
        await ExecuteAsync($"CREATE SCHEMA {_schema}");
    }

    public async Task DisposeAsync()
    {
        foreach (var factory in _factories)
            await factory.DisposeAsync();
        await ExecuteAsync($"DROP SCHEMA {_schema} CASCADE");
    }

    [Fact]
    public void AServerThatCannotReachPostgresDoesNotStartAndNamesTheSetting()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Port = 1, Timeout = 5 };
        var factory = OnPostgres(unreachable.ConnectionString);

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Twin:PostgresConnection", Messages(error));
        Assert.Contains($"{unreachable.Host}:1/", Messages(error));
    }

    [Fact]
    public void AServerGivenAWrongPasswordDoesNotStartAndNamesTheSetting()
    {
        var wrong = new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Password = "not-the-password" };
        var factory = OnPostgres(wrong.ConnectionString);

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Twin:PostgresConnection refused Twin", Messages(error));
        Assert.Contains("password authentication failed", Messages(error));
    }

    [Fact]
    public async Task ALostDatabaseAnswers503AcknowledgesNothingAndTheSameRequestLaterIsStoredOnce()
    {
        await using var relay = new TcpForwarder(new IPEndPoint(IPAddress.Loopback, _server.Port));
        relay.Start();
        var factory = OnPostgres(new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Port = relay.Port, Timeout = 5 }.ConnectionString);
        using var client = factory.CreateClient();
        await client.Register("pg-1");
        var first = CellsClient.Cycles(CellsClient.Cycle(1, 1.05), CellsClient.Cycle(2, 1.04));
        var second = CellsClient.Cycles(CellsClient.Cycle(3, 1.03), CellsClient.Cycle(4, 1.02));
        Assert.Equal(HttpStatusCode.OK, (await client.Json(HttpMethod.Post, "/api/cells/pg-1/cycles", first)).Status);

        relay.Stop();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cells/pg-1/cycles") { Content = new StringContent(second, System.Text.Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request);
        var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("The database is unavailable.", problem.GetProperty("title").GetString());
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(2L, await CountCyclesAsync("pg-1"));

        relay.Start();
        var (status, body) = await client.Json(HttpMethod.Post, "/api/cells/pg-1/cycles", second);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body.GetProperty("inserted").GetInt32());
        Assert.Equal(4L, await CountCyclesAsync("pg-1"));
        Assert.Equal(4, await client.StoredCycles("pg-1"));
    }

    private WebApplicationFactory<Program> OnPostgres(string connectionString)
    {
        var inSchema = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = _schema }.ConnectionString;
        var root = new TwinApiFactory();
        _factories.Add(root);
        return root.WithWebHostBuilder(b =>
        {
            b.UseSetting("Twin:Store", "postgres");
            b.UseSetting("Twin:PostgresConnection", inSchema);
        });
    }

    private async Task<long> CountCyclesAsync(string cellId)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server.ConnectionString) { SearchPath = _schema }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM cycles WHERE cell_id = @id", connection);
        command.Parameters.AddWithValue("id", cellId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Messages(Exception e)
    {
        var all = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
            all.Add(x.Message);
        return string.Join(" | ", all);
    }
}
