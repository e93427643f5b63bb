using System.Net;
using System.Text.Json;

namespace Twin.Api.Tests.Cells;

public sealed class CellRegistryTests : IDisposable
{
    readonly TwinApiFactory _factory = new();
    readonly HttpClient _client;

    public CellRegistryTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task RegisteringACellIsACreateAndRegisteringItAgainIsAnUpdate()
    {
        var (created, body) = await _client.Json(HttpMethod.Put, "/api/cells/cell-1", CellsClient.CellBody());
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("cell-1", body.GetProperty("cell_id").GetString());
        Assert.Equal("Si nanoparticles", body.GetProperty("electrode").GetString());
        Assert.Equal(1.1, body.GetProperty("nominal_capacity_Ah").GetDouble());
        Assert.Equal("A", body.GetProperty("tags").GetProperty("fleet").GetString());

        var (updated, after) = await _client.Json(HttpMethod.Put, "/api/cells/cell-1", CellsClient.CellBody("""{"fleet":"B","channel":"7"}""", 2.0));
        Assert.Equal(HttpStatusCode.OK, updated);
        Assert.Equal(2.0, after.GetProperty("nominal_capacity_Ah").GetDouble());
        Assert.Equal(body.GetProperty("created_at").GetDateTimeOffset(), after.GetProperty("created_at").GetDateTimeOffset());

        var (status, read) = await _client.Send(HttpMethod.Get, "/api/cells/cell-1");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["channel", "fleet"], read.GetProperty("tags").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("B", read.GetProperty("tags").GetProperty("fleet").GetString());
        Assert.Equal(0, read.GetProperty("cycles_stored").GetInt64());
    }

    [Theory]
    [InlineData("has%20space", "' '")]
    [InlineData("slash%2Fin", "'%'")]
    public async Task AnInvalidCellIdIsA400NamingTheId(string id, string named)
    {
        var (status, body) = await _client.Json(HttpMethod.Put, $"/api/cells/{id}", CellsClient.CellBody());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("The cell id is not valid.", body.GetProperty("title").GetString());
        Assert.Contains(named, body.GetProperty("errors").GetProperty("id")[0].GetString());
    }

    [Fact]
    public async Task ACellIdOfMoreThan128CharactersIsRejected()
    {
        var (status, body) = await _client.Json(HttpMethod.Put, $"/api/cells/{new string('x', 129)}", CellsClient.CellBody());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("is 129 characters long; at most 128 are allowed.", body.GetProperty("errors").GetProperty("id")[0].GetString());
    }

    [Fact]
    public async Task AnInvalidDesignIsA400NamingEachFieldAndStoresNothing()
    {
        var (status, body) = await _client.Json(HttpMethod.Put, "/api/cells/c1",
            """{"electrode":"Si","coating":"Al2O3","electrolyte_class":"plasma","temperature_C":900,"nominal_capacity_Ah":-1,"tags":{"bad key":"x"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body.GetProperty("errors");
        Assert.Equal(["electrolyte_class", "nominal_capacity_Ah", "tags.bad key", "temperature_C"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.Send(HttpMethod.Get, "/api/cells/c1")).Status);
    }

    [Fact]
    public async Task AnUnknownFieldInTheCellIsA400NamingIt()
    {
        var (status, body) = await _client.Json(HttpMethod.Put, "/api/cells/c1", CellsClient.CellBody().Replace("\"tags\"", "\"nominal_capacity\":1,\"tags\""));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("nominal_capacity", body.GetProperty("field").GetString());
    }

    [Fact]
    public async Task ListingFiltersByTagAndDesignAndPagesByKey()
    {
        foreach (var id in new[] { "a1", "a2", "a3", "b1" })
            await _client.Register(id, CellsClient.CellBody(id.StartsWith('a') ? """{"fleet":"A"}""" : """{"fleet":"B"}"""));
        await _client.Register("z9", CellsClient.CellBody().Replace("Al2O3", "none").Replace("\"coating_thickness_nm\":2,", ""));

        var (status, page1) = await _client.Send(HttpMethod.Get, "/api/cells?tag.fleet=A&coating=Al2O3&limit=2");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["a1", "a2"], page1.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("cell_id").GetString()));
        Assert.Equal("a2", page1.GetProperty("next").GetString());
        Assert.False(page1.GetProperty("cells")[0].TryGetProperty("cycles_stored", out _));

        var (_, page2) = await _client.Send(HttpMethod.Get, "/api/cells?tag.fleet=A&coating=Al2O3&limit=2&after=a2");
        Assert.Equal(["a3"], page2.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("cell_id").GetString()));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("next").ValueKind);

        var (_, bare) = await _client.Send(HttpMethod.Get, "/api/cells?coating=none&electrode=Si%20nanoparticles");
        Assert.Equal(["z9"], bare.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("cell_id").GetString()));
    }

    [Fact]
    public async Task AnUnknownListParameterOrABadLimitIsA400()
    {
        var (status, body) = await _client.Send(HttpMethod.Get, "/api/cells?fleet=A&limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["fleet", "limit"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task DeletingACellRemovesItAndItsCyclesAndASecondDeleteIs404()
    {
        await _client.Register("gone");
        Assert.Equal(HttpStatusCode.OK, (await _client.Json(HttpMethod.Post, "/api/cells/gone/cycles", CellsClient.Cycles(CellsClient.Cycle(1, 1.0)))).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.Send(HttpMethod.Delete, "/api/cells/gone")).Status);
        var (status, problem) = await _client.Send(HttpMethod.Get, "/api/cells/gone");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("No cell 'gone' is registered. Register it with PUT /api/cells/gone first.", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.Send(HttpMethod.Delete, "/api/cells/gone")).Status);

        await _client.Register("gone");
        Assert.Equal(0, await _client.StoredCycles("gone"));
    }
}
