using System.Net;

namespace Twin.Api.Tests.Cells;

public sealed class CycleBatchTests : IDisposable
{
    readonly TwinApiFactory _factory = new();
    readonly HttpClient _client;

    public CycleBatchTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task ResendingABatchCountsDuplicatesAndChangesNothing()
    {
        await _client.Register("c1");
        var batch = CellsClient.Cycles(CellsClient.Cycle(1, 1.05), CellsClient.Cycle(2, 1.04),
            """{"cycle":3,"discharge_capacity_Ah":1.03,"charge_capacity_Ah":1.04,"energy_Wh":3.9,"temperature_C":25,"internal_resistance_ohm":0.02,"timestamp":"2024-05-01T12:00:00Z"}""");
        var (first, body1) = await _client.Json(HttpMethod.Post, "/api/cells/c1/cycles", batch);
        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal((3, 0), (body1.GetProperty("inserted").GetInt32(), body1.GetProperty("duplicates").GetInt32()));

        var (again, body2) = await _client.Json(HttpMethod.Post, "/api/cells/c1/cycles", batch);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal((0, 3), (body2.GetProperty("inserted").GetInt32(), body2.GetProperty("duplicates").GetInt32()));
        Assert.Equal(3, await _client.StoredCycles("c1"));
    }

    [Fact]
    public async Task PostingCyclesOutOfOrderKeepsEveryCycle()
    {
        await _client.Register("c1");
        Assert.Equal(HttpStatusCode.OK, (await _client.Json(HttpMethod.Post, "/api/cells/c1/cycles", CellsClient.Cycles(CellsClient.Cycle(10, 1.0), CellsClient.Cycle(3, 1.02)))).Status);
        var (status, body) = await _client.Json(HttpMethod.Post, "/api/cells/c1/cycles", CellsClient.Cycles(CellsClient.Cycle(1, 1.05), CellsClient.Cycle(7, 1.01)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body.GetProperty("inserted").GetInt32());
        Assert.Equal(4, await _client.StoredCycles("c1"));
    }

    [Fact]
    public async Task AConflictingBatchIsA409WithTheStoredAndSentValuesAndStoresNothing()
    {
        await _client.Register("c1");
        await _client.Json(HttpMethod.Post, "/api/cells/c1/cycles", CellsClient.Cycles(CellsClient.Cycle(1, 1.05)));
        var (status, problem) = await _client.Json(HttpMethod.Post, "/api/cells/c1/cycles", CellsClient.Cycles(CellsClient.Cycle(2, 1.04), CellsClient.Cycle(1, 0.99)));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Some cycles differ from the stored ones; nothing was stored.", problem.GetProperty("title").GetString());
        var conflict = Assert.Single(problem.GetProperty("conflicts").EnumerateArray());
        Assert.Equal((1, 1), (conflict.GetProperty("row").GetInt32(), conflict.GetProperty("cycle").GetInt32()));
        Assert.Equal(1.05, conflict.GetProperty("stored").GetProperty("discharge_capacity_Ah").GetDouble());
        Assert.Equal(0.99, conflict.GetProperty("sent").GetProperty("discharge_capacity_Ah").GetDouble());
        Assert.Equal(1, await _client.StoredCycles("c1"));
    }

    [Fact]
    public async Task InvalidRowsAreA400NamingEachIndexAndFieldAndNothingIsStored()
    {
        await _client.Register("c1"); // nominal 1.1 Ah
        var (status, problem) = await _client.Json(HttpMethod.Post, "/api/cells/c1/cycles", CellsClient.Cycles(
            CellsClient.Cycle(1, 1.05),
            CellsClient.Cycle(0, 1.0),
            """{"cycle":3,"discharge_capacity_Ah":1050}""",
            """{"cycle":4,"discharge_capacity_Ah":1.0,"temperature_C":298,"internal_resistance_ohm":-0.1}""",
            """{"cycle":5}"""));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("4 of 5 cycles are not valid; nothing was stored.", problem.GetProperty("title").GetString());
        var errors = problem.GetProperty("errors");
        Assert.Equal(["cycles[1].cycle", "cycles[2].discharge_capacity_Ah", "cycles[3].internal_resistance_ohm", "cycles[3].temperature_C", "cycles[4].discharge_capacity_Ah"],
            errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("must be between 1 and 10000000; got 0.", errors.GetProperty("cycles[1].cycle")[0].GetString());
        Assert.StartsWith("is 1050 Ah, far above the cell's nominal capacity of 1.1 Ah", errors.GetProperty("cycles[2].discharge_capacity_Ah")[0].GetString());
        Assert.Equal(0, await _client.StoredCycles("c1"));
    }

    [Fact]
    public async Task CyclesForAnUnknownCellAreA404()
    {
        var (status, problem) = await _client.Json(HttpMethod.Post, "/api/cells/nobody/cycles", CellsClient.Cycles(CellsClient.Cycle(1, 1.0)));
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("No cell 'nobody' is registered. Register it with PUT /api/cells/nobody first.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AWrongTypeInACycleIsA400NamingTheField()
    {
        await _client.Register("c1");
        var (status, problem) = await _client.Json(HttpMethod.Post, "/api/cells/c1/cycles", """{"cycles":[{"cycle":1,"discharge_capacity_Ah":"lots"}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("cycles[0].discharge_capacity_Ah", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task ABodyOverTheLimitIsA413ProblemAndStoresNothing()
    {
        await _client.Register("c1");
        var many = Enumerable.Range(1, 30_000).Select(i => CellsClient.Cycle(i, 1.0)).ToArray(); // > 1 MiB
        var (status, problem) = await _client.Json(HttpMethod.Post, "/api/cells/c1/cycles", CellsClient.Cycles(many));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("The request body is too large.", problem.GetProperty("title").GetString());
        Assert.Contains("1048576 bytes", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await _client.StoredCycles("c1"));
    }
}
