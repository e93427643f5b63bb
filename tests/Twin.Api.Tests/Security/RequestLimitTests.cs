using System.Net;
using Microsoft.AspNetCore.Hosting;
using Twin.Api.Tests.Cells;

namespace Twin.Api.Tests.Security;

public sealed class RequestLimitTests : IDisposable
{
    readonly TwinApiFactory _factory = new();
    readonly HttpClient _client;

    public RequestLimitTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    const string Design = """{"electrode":"Si nanoparticles","coating":"Al2O3","coating_thickness_nm":2,"electrolyte":"LiPF6 in EC/DEC","current_mA_g":200,"cycles":[100]}""";

    [Fact]
    public async Task AOneMegabyteElectrodeIsA400NamingTheFieldAndNoCellIsStored()
    {
        var body = CellsClient.CellBody().Replace("\"Si nanoparticles\"", $"\"{new string('x', 1_000_000)}\"");

        var (status, problem) = await _client.Json(HttpMethod.Put, "/api/cells/big", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("electrode", problem.GetProperty("field").GetString());
        Assert.Contains("1000000 characters", problem.GetProperty("detail").GetString());
        Assert.Contains("at most 1024", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/cells/big")).StatusCode);
    }

    [Fact]
    public async Task ATextFieldAtTheLimitIsAccepted()
    {
        var (status, problem) = await _client.Json(HttpMethod.Post, "/api/forecasts/design", Design.Replace("\"LiPF6 in EC/DEC\"", $"\"{new string('e', 1024)}\""));

        Assert.True(status == HttpStatusCode.OK, problem.ToString());
    }

    [Fact]
    public async Task AnOverlongDesignFieldInAForecastRequestIsNamed()
    {
        var (status, problem) = await _client.Json(HttpMethod.Post, "/api/forecasts/design", Design.Replace("\"Al2O3\"", $"\"{new string('c', 1025)}\""));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("coating", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task AnOverlongTagValueIsNamedByItsTag()
    {
        var (status, problem) = await _client.Json(HttpMethod.Put, "/api/cells/t1", CellsClient.CellBody(tags: $$"""{"fleet":"{{new string('v', 5000)}}"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("tags.fleet", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task AnOverlongTagNameIsRefusedAndTheErrorStaysSmall()
    {
        var (status, problem) = await _client.Json(HttpMethod.Put, "/api/cells/t2", CellsClient.CellBody(tags: $$"""{"{{new string('k', 100_000)}}":"A"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("tags.kkk", problem.GetProperty("field").GetString());
        Assert.Contains("at most 128", problem.GetProperty("detail").GetString());
        Assert.True(problem.ToString().Length < 2000, $"{problem.ToString().Length} characters of error");
    }

    [Fact]
    public async Task ADuplicateKeyIsA400NamingTheField()
    {
        var body = Design.Replace("\"coating\":\"Al2O3\"", "\"coating\":\"Al2O3\",\"coating\":\"none\"");

        var (status, problem) = await _client.Json(HttpMethod.Post, "/api/forecasts/design", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("coating", problem.GetProperty("field").GetString());
        Assert.Contains("more than once", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ADuplicateTagIsA400()
    {
        var (status, problem) = await _client.Json(HttpMethod.Put, "/api/cells/t3", CellsClient.CellBody(tags: """{"fleet":"A","fleet":"B"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("more than once", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/cells/t3")).StatusCode);
    }

    [Fact]
    public async Task PastItsPermitsAClientGets429WithRetryAfterWhileHealthStaysOpen()
    {
        // A period of an hour: no permit comes back while the test runs, however slow the machine.
        using var factory = new TwinApiFactory().WithWebHostBuilder(b =>
        {
            b.UseSetting("Twin:Limits:RatePermits", "3");
            b.UseSetting("Twin:Limits:RatePeriod", "01:00:00");
        });
        using var client = factory.CreateClient();

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/cells")).StatusCode);
        var (status, problem) = await client.Send(HttpMethod.Get, "/api/cells");
        using var limited = await client.GetAsync("/api/cells");

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains("Twin:Limits:RatePermits", problem.GetProperty("detail").GetString());
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single()), 1, 3600);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public void AnInvalidLimitStopsTheStartNamingTheSetting()
    {
        using var factory = new TwinApiFactory().WithWebHostBuilder(b => b.UseSetting("Twin:Limits:MaxTextLength", "3"));

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("MaxTextLength", error.ToString());
    }
}
