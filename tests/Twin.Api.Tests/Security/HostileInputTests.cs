using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Twin.Api.Tests.Cells;

namespace Twin.Api.Tests.Security;

/// <summary>
/// Injection and traversal attempts through every place a client's text reaches a query or a
/// path — cell ids, tags, search and sort parameters, upload file names — on both stores. Each
/// must be a 4xx or be treated as plain data, and the store must be intact afterwards.
/// </summary>
public abstract class HostileInputTests : IAsyncLifetime
{
    readonly TwinApiFactory _root = new();
    WebApplicationFactory<Program> _factory = null!;
    protected HttpClient Client { get; private set; } = null!;

    protected abstract Task<WebApplicationFactory<Program>> CreateAsync(TwinApiFactory root);

    public async Task InitializeAsync()
    {
        _factory = await CreateAsync(_root);
        Client = _factory.CreateClient();
    }

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        await _root.DisposeAsync();
    }

    public static TheoryData<string> HostileText =>
    [
        "a'; DROP TABLE cells; --",
        "\" OR \"1\"=\"1",
        "x') OR 1=1 --",
        "%' OR '%'='",
        "../../../../etc/passwd",
        "..\\..\\windows\\win.ini",
        "$(rm -rf /)",
        "<script>alert(1)</script>",
        "\u0000nul",
        "名前🔋",
        "{\"$gt\":\"\"}",
        "a\r\nX-Injected: 1",
    ];

    /// <summary>The same, less NUL: no HTTP client sends it in a path, and Kestrel refuses it before Twin runs.</summary>
    public static TheoryData<string> HostileIds
    {
        get
        {
            var ids = new TheoryData<string>();
            foreach (var row in HostileText)
                if (row is string text && !text.Contains('\0')) ids.Add(text);
            return ids;
        }
    }

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task HostileTextAsACellIdIsRefusedOrNotFoundAndTheStoreIsIntact(string text)
    {
        await Client.Register("keep-1");
        var escaped = Uri.EscapeDataString(text);

        var put = await Client.Json(HttpMethod.Put, $"/api/cells/{escaped}", CellsClient.CellBody());
        using var get = await Client.GetAsync($"/api/cells/{escaped}");
        using var delete = await Client.DeleteAsync($"/api/cells/{escaped}");

        Assert.True((int)put.Status is >= 400 and < 500, $"PUT {text}: {put.Status}");
        Assert.True((int)get.StatusCode is >= 400 and < 500, $"GET {text}: {get.StatusCode}");
        Assert.True((int)delete.StatusCode is >= 400 and < 500, $"DELETE {text}: {delete.StatusCode}");
        await AssertIntact("keep-1");
    }

    [Theory]
    [MemberData(nameof(HostileText))]
    public async Task HostileTextInTagsAndSearchIsStoredAndMatchedAsPlainText(string text)
    {
        await Client.Register("keep-1");
        var tag = System.Text.Json.JsonSerializer.Serialize(text);
        var (status, problem) = await Client.Json(HttpMethod.Put, "/api/cells/tagged", CellsClient.CellBody(tags: $$"""{"note":{{tag}}}"""));
        // Control characters may be refused; everything else is plain data.
        Assert.True(status is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"{status} {problem}");

        using var search = await Client.GetAsync($"/api/cells?q={Uri.EscapeDataString(text)}");
        using var tagged = await Client.GetAsync($"/api/cells?tag.note={Uri.EscapeDataString(text)}");
        using var sorted = await Client.GetAsync($"/api/cells?sort={Uri.EscapeDataString(text)}");
        using var after = await Client.GetAsync($"/api/cells?after={Uri.EscapeDataString(text)}");

        Assert.True((int)search.StatusCode < 500 && (int)tagged.StatusCode < 500 && (int)after.StatusCode < 500, $"{search.StatusCode} {tagged.StatusCode} {after.StatusCode}");
        Assert.Equal(HttpStatusCode.BadRequest, sorted.StatusCode);
        if (status == HttpStatusCode.Created && search.IsSuccessStatusCode)
        {
            var body = await search.Content.ReadAsStringAsync();
            Assert.Contains("\"tagged\"", body);
            Assert.DoesNotContain("\"keep-1\"", body); // a wildcard or OR in the text matched nothing else
        }
        await AssertIntact("keep-1");
    }

    [Theory]
    [InlineData("../../../../tmp/twin-traversal.csv")]
    [InlineData("/etc/passwd")]
    [InlineData("..\\..\\evil.csv")]
    public async Task AnUploadFileNameIsNeverAPath(string fileName)
    {
        await Client.Register("up-1");
        var csv = "cycle,discharge_capacity_Ah\n1,0.21\n2,0.2\n";
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        form.Add(file, "file", fileName);

        using var response = await Client.PostAsync("/api/cells/up-1/files", form);

        Assert.True((int)response.StatusCode < 500, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.False(File.Exists("/tmp/twin-traversal.csv"));
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "evil.csv")));
        await AssertIntact("up-1");
    }

    async Task AssertIntact(string cellId)
    {
        using var list = await Client.GetAsync("/api/cells");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/cells/{cellId}")).StatusCode);
    }
}

public sealed class SqliteHostileInputTests : HostileInputTests
{
    protected override Task<WebApplicationFactory<Program>> CreateAsync(TwinApiFactory root) => Task.FromResult<WebApplicationFactory<Program>>(root);
}

public sealed class PostgresHostileInputTests : HostileInputTests
{
    readonly string _schema = "hostile_" + Guid.NewGuid().ToString("N");
    string _server = "";

    protected override async Task<WebApplicationFactory<Program>> CreateAsync(TwinApiFactory root)
    {
        _server = Environment.GetEnvironmentVariable("TWIN_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("TWIN_TEST_POSTGRES is not set: export TWIN_TEST_POSTGRES=$(bash scripts/postgres.sh twin_test) (scripts/test.sh does this).");
        await Execute($"CREATE SCHEMA {_schema}");
        var inSchema = new NpgsqlConnectionStringBuilder(_server) { SearchPath = _schema }.ConnectionString;
        return root.WithWebHostBuilder(b =>
        {
            b.UseSetting("Twin:Store", "postgres");
            b.UseSetting("Twin:PostgresConnection", inSchema);
        });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Execute($"DROP SCHEMA IF EXISTS {_schema} CASCADE");
    }

    async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
