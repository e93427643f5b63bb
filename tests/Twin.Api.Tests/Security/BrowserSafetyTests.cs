using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Twin.Api.Tests.Cells;
using Twin.Tests.Shared;

namespace Twin.Api.Tests.Security;

public sealed class BrowserSafetyTests : IDisposable
{
    const string Evil = "https://evil.example";
    readonly TwinApiFactory _factory = new();
    readonly HttpClient _client;

    public BrowserSafetyTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    // A real cycler export with 9 cycles (the import tests' fixture).
    static readonly string Calce = Path.Combine(RepoPaths.Root, "tests", "Twin.Import.Tests", "Fixtures", "batteryarchive_csv",
        "CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_cycle_data.csv");

    static MultipartFormDataContent Upload()
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(File.ReadAllBytes(Calce));
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", Path.GetFileName(Calce));
        return form;
    }

    async Task<(HttpStatusCode Status, JsonElement Body)> PostUpload(string cell, Action<HttpRequestHeaders> headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cells/{cell}/files") { Content = Upload() };
        headers(request.Headers);
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/")]
    [InlineData("/api/cells/no-such-cell")]
    public async Task EveryResponseCarriesTheSecurityHeaders(string path)
    {
        using var response = await _client.GetAsync(path);

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("default-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["DENY"], response.Headers.GetValues("X-Frame-Options"));
    }

    [Fact]
    public async Task ACrossOriginMultipartUploadIsRefusedAndStoresNothing()
    {
        await _client.Register("x1", CellsClient.CellBody(nominal: null));

        var (status, problem) = await PostUpload("x1", h => h.Add("Origin", Evil));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(403, problem.GetProperty("status").GetInt32());
        Assert.Equal("Origin", problem.GetProperty("field").GetString());
        Assert.Contains(Evil, problem.GetProperty("detail").GetString());
        Assert.Contains("Twin:Security:CorsOrigins", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await _client.StoredCycles("x1"));
    }

    [Fact]
    public async Task ACrossSiteRequestWithoutOriginIsRefusedOnItsFetchMetadata()
    {
        await _client.Register("x2", CellsClient.CellBody(nominal: null));

        var (status, problem) = await PostUpload("x2", h => h.Add("Sec-Fetch-Site", "cross-site"));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Sec-Fetch-Site", problem.GetProperty("field").GetString());
        Assert.Equal(0, await _client.StoredCycles("x2"));
    }

    [Fact]
    public async Task ACrossOriginDeleteIsRefusedAndTheCellStays()
    {
        await _client.Register("x3", CellsClient.CellBody(nominal: null));
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/cells/x3");
        request.Headers.Add("Origin", Evil);

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/cells/x3")).StatusCode);
    }

    [Fact]
    public async Task TheServersOwnPagesAndNonBrowserClientsMayUpload()
    {
        await _client.Register("s1", CellsClient.CellBody(nominal: null));
        await _client.Register("s2", CellsClient.CellBody(nominal: null));

        var (own, body) = await PostUpload("s1", h => { h.Add("Origin", "http://localhost"); h.Add("Sec-Fetch-Site", "same-origin"); });
        var (curl, _) = await PostUpload("s2", _ => { });

        Assert.True(own == HttpStatusCode.OK, body.ToString());
        Assert.Equal(HttpStatusCode.OK, curl);
        Assert.Equal(9, await _client.StoredCycles("s1"));
        Assert.Equal(9, await _client.StoredCycles("s2"));
    }

    [Fact]
    public async Task CorsIsOffByDefault()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/cells");
        preflight.Headers.Add("Origin", Evil);
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/cells");
        get.Headers.Add("Origin", Evil);

        using var preflightResponse = await _client.SendAsync(preflight);
        using var getResponse = await _client.SendAsync(get);

        Assert.False(preflightResponse.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(getResponse.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task AConfiguredOriginGetsCorsAndMayChangeState()
    {
        const string lab = "https://lab.example";
        using var factory = new TwinApiFactory().WithWebHostBuilder(b => b.UseSetting("Twin:Security:CorsOrigins:0", lab));
        using var client = factory.CreateClient();
        await client.Register("c1", CellsClient.CellBody(nominal: null));
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/cells");
        get.Headers.Add("Origin", lab);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/cells/c1/files") { Content = Upload() };
        post.Headers.Add("Origin", lab);

        using var getResponse = await client.SendAsync(get);
        using var postResponse = await client.SendAsync(post);

        Assert.Equal([lab], getResponse.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, postResponse.StatusCode);
    }

    [Fact]
    public void AConfiguredOriginWithAPathStopsTheStartNamingTheSetting()
    {
        using var factory = new TwinApiFactory().WithWebHostBuilder(b => b.UseSetting("Twin:Security:CorsOrigins:0", "https://lab.example/app"));

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Twin:Security:CorsOrigins", error.ToString());
    }
}
