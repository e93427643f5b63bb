using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Twin.Api.Security.Access;
using Twin.Api.Tests.Cells;
using Twin.Storage;

namespace Twin.Api.Tests.Security;

/// <summary>API keys and roles on the real server in memory, with keys in its real SQLite store.</summary>
public sealed class AccessControlTests : IDisposable
{
    readonly TwinApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    const string Design = """{"electrode":"Si nanoparticles","coating":"Al2O3","coating_thickness_nm":2,"electrolyte":"LiPF6 in EC/DEC","current_mA_g":200,"cycles":[100]}""";

    async Task<Dictionary<string, string>> KeysAsync(IServiceProvider services)
    {
        var store = services.GetRequiredService<IApiKeyStore>();
        var keys = new Dictionary<string, string>();
        foreach (var role in new[] { "reader", "writer", "admin" })
            keys[role] = (await store.CreateApiKeyAsync($"test-{role}", role, TimeProvider.System)).Key;
        // Keys written behind the server's back: forget the cached "no keys" verdict instead of waiting 10 s.
        services.GetRequiredService<ApiKeyAuthenticator>().Forget();
        return keys;
    }

    static HttpRequestMessage Request(HttpMethod method, string path, string? key, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }

    /// <summary>Each guarded endpoint with the lowest role that may call it (docs/security.md's matrix).</summary>
    public static TheoryData<string, string, string?, string> Matrix => new()
    {
        { "GET", "/api/cells", null, "reader" },
        { "GET", "/api/cells/c1", null, "reader" },
        { "GET", "/api/cells/c1/forecast", null, "reader" },
        { "GET", "/api/cells/c1/cycles", null, "reader" },
        { "POST", "/api/forecasts/design", Design, "reader" },
        { "PUT", "/api/cells/new-cell", CellsClient.CellBody(), "writer" },
        { "POST", "/api/cells/c1/cycles", CellsClient.Cycles(CellsClient.Cycle(1, 1.0)), "writer" },
        { "POST", "/api/cycles", "", "writer" },
        { "POST", "/api/cells/c1/files", "", "writer" },
        { "DELETE", "/api/cells/c1", null, "admin" },
        { "GET", "/api/keys", null, "admin" },
        { "POST", "/api/keys", """{"name":"x","role":"reader"}""", "admin" },
        { "DELETE", "/api/keys/000000000000", null, "admin" },
        { "POST", "/api/models/retrain", "{}", "admin" },
        { "POST", "/api/models/no-such-version/promote", null, "admin" },
        { "POST", "/api/models/no-such-version/rollback", null, "admin" },
    };

    [Fact]
    public async Task APromotionRecordsTheAdminKeyThatMadeIt()
    {
        using var client = _factory.CreateClient();
        var keys = await KeysAsync(_factory.Services);
        await Models.TestVersions.AddAsync(_factory.Services.GetRequiredService<IModelRegistryStore>(), "v-keyed", gatesPassed: true);
        using var promote = await client.SendAsync(Request(HttpMethod.Post, "/api/models/v-keyed/promote", keys["admin"]));
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        var change = System.Text.Json.JsonDocument.Parse(await promote.Content.ReadAsStringAsync()).RootElement;
        Assert.Matches(@"^key test-admin \([0-9a-f]{12}\)$", change.GetProperty("changed_by").GetString());
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task EachRoleMayCallWhatItsRoleAllowsAndGets403Below(string method, string path, string? body, string lowest)
    {
        using var client = _factory.CreateClient();
        var keys = await KeysAsync(_factory.Services);
        using (var register = Request(HttpMethod.Put, "/api/cells/c1", keys["admin"], CellsClient.CellBody()))
            Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(register)).StatusCode);
        string[] order = ["reader", "writer", "admin"];

        foreach (var role in order)
        {
            using var response = await client.SendAsync(Request(new HttpMethod(method), path, keys[role], body));
            var allowed = Array.IndexOf(order, role) >= Array.IndexOf(order, lowest);
            if (allowed)
                Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{role} {method} {path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            else
            {
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                var problem = await response.Content.ReadAsStringAsync();
                Assert.Contains($"needs the {lowest} role", problem);
            }
        }
        // The cell the matrix may have deleted is the last call's business; c1 was there for every role before it.
    }

    [Fact]
    public async Task WithKeysARequestWithoutOneOrWithABadOneIs401ProblemDetailsAndChangesNothing()
    {
        using var client = _factory.CreateClient();
        await KeysAsync(_factory.Services);

        using var none = await client.SendAsync(Request(HttpMethod.Put, "/api/cells/x", null, CellsClient.CellBody()));
        using var bad = await client.SendAsync(Request(HttpMethod.Get, "/api/cells", "twin_0123456789ab_notarealsecretnotarealsecret"));
        using var junk = await client.SendAsync(Request(HttpMethod.Get, "/api/cells", "' OR 1=1 --"));

        foreach (var r in new[] { none, bad, junk })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            Assert.Contains("X-Api-Key", r.Headers.WwwAuthenticate.ToString());
        }
        Assert.Equal(0, await _factory.Services.GetRequiredService<ICellStore>().CountCellsAsync());
        // What carries no lab data stays open.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task AKeyCreatedThroughTheApiIsShownOnceWorksAndOnceRevokedIsRefused()
    {
        using var client = _factory.CreateClient();
        var keys = await KeysAsync(_factory.Services);

        using var created = await client.SendAsync(Request(HttpMethod.Post, "/api/keys", keys["admin"], """{"name":"cycler-3","role":"writer"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var key = body.GetProperty("key").GetString()!;
        var id = body.GetProperty("key_id").GetString()!;
        using (var listed = await client.SendAsync(Request(HttpMethod.Get, "/api/keys", keys["admin"])))
        {
            var text = await listed.Content.ReadAsStringAsync();
            Assert.Contains(id, text);
            Assert.DoesNotContain(key, text);
        }
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(Request(HttpMethod.Put, "/api/cells/w1", key, CellsClient.CellBody()))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(Request(HttpMethod.Delete, $"/api/keys/{id}", keys["admin"]))).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Request(HttpMethod.Get, "/api/cells", key))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(Request(HttpMethod.Delete, $"/api/keys/{id}", keys["admin"]))).StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"","role":"reader"}""", "name")]
    [InlineData("""{"name":"x","role":"root"}""", "role")]
    public async Task ABadKeyRequestNamesTheField(string json, string field)
    {
        using var client = _factory.CreateClient();
        var (status, problem) = await client.Json(HttpMethod.Post, "/api/keys", json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task WithoutKeysTheServerAnswersThisMachineAndRefusesOtherAddresses()
    {
        using var client = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/cells")).StatusCode);

        var remote = await _factory.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/api/cells";
            c.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.7");
        });

        Assert.Equal(401, remote.Response.StatusCode);
    }

    [Fact]
    public async Task TheRateLimitCountsPerKeySoOneBusyClientDoesNotStopAnother()
    {
        using var factory = new TwinApiFactory().WithWebHostBuilder(b =>
        {
            b.UseSetting("Twin:Limits:RatePermits", "3");
            b.UseSetting("Twin:Limits:RatePeriod", "01:00:00");
        });
        using var client = factory.CreateClient();
        var store = factory.Services.GetRequiredService<IApiKeyStore>();
        var busy = (await store.CreateApiKeyAsync("busy", "reader", TimeProvider.System)).Key;
        var quiet = (await store.CreateApiKeyAsync("quiet", "reader", TimeProvider.System)).Key;
        factory.Services.GetRequiredService<ApiKeyAuthenticator>().Forget();

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Request(HttpMethod.Get, "/api/cells", busy))).StatusCode);
        using var limited = await client.SendAsync(Request(HttpMethod.Get, "/api/cells", busy));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Request(HttpMethod.Get, "/api/cells", quiet))).StatusCode);
    }

    [Fact]
    public async Task AForecastBodyOverTheJsonLimitIs413WhileCycleDataMayBeLarger()
    {
        using var factory = new TwinApiFactory().WithWebHostBuilder(b => b.UseSetting("Twin:Limits:MaxJsonBytes", "4096"));
        using var client = factory.CreateClient();
        await client.Register("c1");
        var big = Design.Replace("\"cycles\":[100]", "\"cycles\":[" + string.Join(",", Enumerable.Range(1, 2000)) + "]");
        var cycles = CellsClient.Cycles(Enumerable.Range(1, 200).Select(n => CellsClient.Cycle(n, 1.0 - n * 1e-4)).ToArray());
        Assert.True(Encoding.UTF8.GetByteCount(cycles) > 4096);

        var (status, problem) = await client.Json(HttpMethod.Post, "/api/forecasts/design", big);
        var (stored, detail) = await client.Json(HttpMethod.Post, "/api/cells/c1/cycles", cycles);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("MaxJsonBytes", problem.GetProperty("detail").GetString());
        Assert.True(stored == HttpStatusCode.OK, detail.ToString());
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("https://lab.example:443", false)]
    [InlineData("http://192.168.1.10:5080", false)]
    public void LoopbackNamesAndAddressesAreTheOnlyOnesAllowedWithoutKeys(string url, bool loopback) =>
        Assert.Equal(loopback, LoopbackGuard.IsLoopbackUrl(url));
}
