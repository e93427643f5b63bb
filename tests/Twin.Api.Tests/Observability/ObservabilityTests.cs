using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Twin.Api.Tests.Cells;
using Twin.Tests.Shared;
using Twin.Storage;

namespace Twin.Api.Tests.Observability;

public sealed class ObservabilityTests : IDisposable
{
    readonly TwinApiFactory _factory = new();
    readonly HttpClient _client;

    public ObservabilityTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task ReadyzReportsTheStoreAndTheModelReady()
    {
        using var response = await _client.GetAsync("/readyz");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
        var model = body.GetProperty("checks").GetProperty("model");
        Assert.Equal("Healthy", model.GetProperty("status").GetString());
        var version = Twin.Ml.Models.ModelFiles.Load(RepoPaths.Models, Twin.Ml.Models.ModelLocations.DefaultModelName).Card.Version;
        Assert.Equal($"model {version}", model.GetProperty("description").GetString());
    }

    [Fact]
    public async Task ReadyzIs503WhenTheStoreNoLongerAnswersWhileHealthzStaysUp()
    {
        await _factory.Services.GetRequiredService<ITwinStore>().DisposeAsync();

        using var response = await _client.GetAsync("/readyz");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
        Assert.StartsWith("the store does not answer", body.GetProperty("checks").GetProperty("store").GetProperty("description").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("model").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task MetricsArePrometheusTextWithRequestLatencyAndTheModelVersion()
    {
        await _client.Register("m1");
        var (status, _) = await _client.Send(HttpMethod.Get, "/api/cells/m1");
        Assert.Equal(HttpStatusCode.OK, status);

        using var response = await _client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text);
        Assert.Contains("http_server_request_duration_seconds_bucket{", text);
        Assert.Contains("http_route=\"/api/cells/{id}\"", text);
        Assert.Matches("twin_model_info\\{[^}]*version=\"[^\"]+\"[^}]*\\} 1", text);
    }

    [Fact]
    public async Task MetricsCountStoredCyclesTimeTheStoreAndCarryOrleansMeters()
    {
        await _client.Register("m2");
        var (posted, problem) = await _client.Json(HttpMethod.Post, "/api/cells/m2/cycles", CellsClient.Cycles(CellsClient.Cycle(1, 1.0), CellsClient.Cycle(2, 0.99)));
        Assert.True(posted == HttpStatusCode.OK, problem.ToString());
        Assert.Equal(HttpStatusCode.OK, (await _client.Send(HttpMethod.Get, "/api/cells/m2/forecast")).Status);

        var text = await _client.GetStringAsync("/metrics");

        Assert.Matches(@"twin_cycles_stored_total(\{[^}]*\})? [1-9]", text);
        Assert.Contains("twin_store_duration_seconds_bucket{", text);
        Assert.Contains("store=\"sqlite\"", text);
        Assert.Matches("(?m)^orleans_", text);
        Assert.Matches("twin_retrain_jobs\\{[^}]*state=\"running\"[^}]*\\} 0", text);
    }
}
