using System.Net;
using System.Text.Json;

namespace Twin.Api.Tests;

/// <summary>Defect 12: the OpenAPI document describes the upload and stream bodies and the 4xx answers; the API page works offline.</summary>
public sealed class OpenApiTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    async Task<JsonElement> Document()
    {
        using var client = factory.CreateClient();
        return JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement.Clone();
    }

    static JsonElement Post(JsonElement doc, string path) => doc.GetProperty("paths").GetProperty(path).GetProperty("post");

    static IEnumerable<string> Statuses(JsonElement operation) => operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order();

    [Fact]
    public async Task TheFileUploadBodyIsAMultipartFormWithAFileAndAFormat()
    {
        var upload = Post(await Document(), "/api/cells/{id}/files");
        var schema = upload.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
        Assert.Equal("binary", schema.GetProperty("properties").GetProperty("file").GetProperty("format").GetString());
        Assert.Equal("string", schema.GetProperty("properties").GetProperty("format").GetProperty("type").GetString());
        Assert.Equal(["file"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["200", "400", "404", "409", "413", "415", "422"], Statuses(upload));
    }

    [Fact]
    public async Task TheCycleStreamBodyIsCsvOrNdjson()
    {
        var stream = Post(await Document(), "/api/cycles");
        var content = stream.GetProperty("requestBody").GetProperty("content");
        Assert.Equal(["application/x-ndjson", "text/csv"], content.EnumerateObject().Select(c => c.Name).Order());
        Assert.Equal(["200", "400", "413", "415", "422"], Statuses(stream));
    }

    [Fact]
    public async Task TheCellEndpointsListTheirProblems()
    {
        var doc = await Document();
        Assert.Equal(["200", "400", "404", "409", "413"], Statuses(Post(doc, "/api/cells/{id}/cycles")));
        var problem = Post(doc, "/api/cells/{id}/cycles").GetProperty("responses").GetProperty("409").GetProperty("content");
        Assert.True(problem.TryGetProperty("application/problem+json", out _));
        Assert.Equal(["200", "400", "404"], Statuses(doc.GetProperty("paths").GetProperty("/api/cells/{id}/cycles").GetProperty("get")));
    }

    [Fact]
    public async Task TheApiPageAndItsScriptAreServedByTheServerItself()
    {
        using var client = factory.CreateClient();
        var page = await client.GetStringAsync("/api-docs/");
        Assert.Contains("lib/swagger-ui-bundle.js", page);
        Assert.DoesNotContain("https://", page); // nothing from a CDN: labs are often offline
        Assert.Contains("url: '/openapi/v1.json'", await client.GetStringAsync("/api-docs/init.js"));
        using var script = await client.GetAsync("/api-docs/lib/swagger-ui-bundle.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000);
        using var css = await client.GetAsync("/api-docs/lib/swagger-ui.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
    }
}
