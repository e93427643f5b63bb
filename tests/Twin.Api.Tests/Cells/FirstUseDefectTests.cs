using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Twin.Tests.Shared;

namespace Twin.Api.Tests.Cells;

/// <summary>Defects a first real use found (issue 11): each test failed before its fix.</summary>
public sealed class FirstUseDefectTests : IDisposable
{
    static readonly string Fixtures = Path.Combine(RepoPaths.Root, "tests", "Twin.Import.Tests", "Fixtures");
    readonly TwinApiFactory _factory = new();
    readonly HttpClient _client;

    public FirstUseDefectTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    static MultipartFormDataContent Upload(string fixture)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(File.ReadAllBytes(Path.Combine(Fixtures, fixture)));
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", Path.GetFileName(fixture));
        return form;
    }

    // Defect 2
    [Fact]
    public async Task AnExplicitFormatWhoseColumnsAreMissingIsA422NamingThemAndStoresNothing()
    {
        await _client.Register("ba", CellsClient.CellBody(nominal: null));
        var (status, problem) = await _client.Send(HttpMethod.Post, "/api/cells/ba/files?format=neware-csv",
            Upload("batteryarchive_csv/CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_cycle_data.csv"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("The file does not have the columns of the format given.", problem.GetProperty("title").GetString());
        Assert.Equal(["'Step Type'", "'Chg. Cap.(Ah)' or 'Chg. Cap.(mAh)'", "'DChg. Cap.(Ah)' or 'DChg. Cap.(mAh)'"],
            problem.GetProperty("missing_columns").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("neware-csv", problem.GetProperty("format").GetString());
        Assert.Equal(0, await _client.StoredCycles("ba"));
    }

    // Defect 7
    [Fact]
    public async Task TheSameCycleTwiceInOneBatchIsA400NamingBothRowsNotAConflictWithStoredData()
    {
        await _client.Register("d7");
        var (status, problem) = await _client.Json(HttpMethod.Post, "/api/cells/d7/cycles",
            CellsClient.Cycles(CellsClient.Cycle(6, 1.05), CellsClient.Cycle(7, 1.04), CellsClient.Cycle(7, 1.03)));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("1 of 3 cycles are not valid; nothing was stored.", problem.GetProperty("title").GetString());
        Assert.Equal(["cycle 7 is also given by cycles[1] of this batch, with other values; send each cycle once."],
            problem.GetProperty("errors").GetProperty("cycles[2].cycle").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, await _client.StoredCycles("d7"));
    }

    // Defect 7: an exact repeat is harmless, like a resend.
    [Fact]
    public async Task AnIdenticalRepeatInOneBatchIsStoredOnceAndCountedAsADuplicate()
    {
        await _client.Register("d7b");
        var (status, body) = await _client.Json(HttpMethod.Post, "/api/cells/d7b/cycles", CellsClient.Cycles(CellsClient.Cycle(1, 1.05), CellsClient.Cycle(1, 1.05)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((1, 1), (body.GetProperty("inserted").GetInt32(), body.GetProperty("duplicates").GetInt32()));
    }

    // Defect 10
    [Theory]
    [InlineData("", "The request body is empty.")]
    [InlineData("null", "The request body is null.")]
    public async Task AnEmptyOrNullBodySaysWhatToSend(string body, string title)
    {
        await _client.Register("d10");
        var (status, problem) = await _client.Json(HttpMethod.Post, "/api/cells/d10/cycles", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal("""Send a JSON object such as {"cycles":[{"cycle":1,"discharge_capacity_Ah":1.05}]}.""", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AnEmptyCellBodySaysWhatToSend()
    {
        var (status, problem) = await _client.Json(HttpMethod.Put, "/api/cells/d10", "");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("The request body is empty.", problem.GetProperty("title").GetString());
        Assert.Contains("\"electrode\"", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("Service", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AFractionalCycleNumberAsksForAWholeNumber()
    {
        await _client.Register("d10");
        var (status, problem) = await _client.Json(HttpMethod.Post, "/api/cells/d10/cycles", """{"cycles":[{"cycle":1.5,"discharge_capacity_Ah":1}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("field 'cycles[0].cycle' has the wrong type: a whole number is expected (line 1, byte 23).", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AnNdjsonTypeErrorNamesTheExpectedTypeNotADotNetType()
    {
        await _client.Register("d10");
        using var content = new StringContent("""{"cell_id":"d10","cycle":9,"discharge_capacity_Ah":"x"}""", Encoding.UTF8, "application/x-ndjson");
        var (status, report) = await _client.Send(HttpMethod.Post, "/api/cycles", content);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var rejected = Assert.Single(report.GetProperty("rejected").EnumerateArray());
        Assert.Equal("discharge_capacity_Ah", rejected.GetProperty("field").GetString());
        Assert.Equal("has the wrong type: a number is expected (leave the field out if unknown).", rejected.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task AnEolThresholdAboveTheReferenceCapacitySaysWhatToSendWithoutAParameterName()
    {
        await _client.Register("d10");
        await _client.Json(HttpMethod.Post, "/api/cells/d10/cycles", CellsClient.Cycles(CellsClient.Cycle(1, 1.05), CellsClient.Cycle(2, 1.04)));
        var (status, problem) = await _client.Send(HttpMethod.Get, "/api/cells/d10/forecast?eol_threshold=5Ah");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("eol_threshold").EnumerateArray()).GetString()!;
        Assert.DoesNotContain("(Parameter", message);
        Assert.EndsWith("it must be below 100%. Give a capacity below the cell's reference capacity (GET /api/cells/d10/twin shows it), or a fraction such as 0.8.", message);
    }

    // Defect 3
    [Fact]
    public async Task TheStoredCyclesComeInPagesWithANextCursor()
    {
        await _client.Register("d3");
        var cycles = Enumerable.Range(1, 25).Select(n => CellsClient.Cycle(n, 1.1 - n * 0.001)).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await _client.Json(HttpMethod.Post, "/api/cells/d3/cycles", CellsClient.Cycles(cycles))).Status);

        var (_, page1) = await _client.Send(HttpMethod.Get, "/api/cells/d3/cycles?limit=10");
        Assert.Equal(Enumerable.Range(1, 10), page1.GetProperty("cycles").EnumerateArray().Select(c => c.GetProperty("cycle").GetInt32()));
        Assert.Equal(10, page1.GetProperty("next").GetInt32());
        var (_, page3) = await _client.Send(HttpMethod.Get, "/api/cells/d3/cycles?limit=10&after=20");
        Assert.Equal(Enumerable.Range(21, 5), page3.GetProperty("cycles").EnumerateArray().Select(c => c.GetProperty("cycle").GetInt32()));
        Assert.Equal(JsonValueKind.Null, page3.GetProperty("next").ValueKind);

        var (bad, problem) = await _client.Send(HttpMethod.Get, "/api/cells/d3/cycles?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _));
    }

    // Defect 3: the chart's series keeps each bucket's lowest and highest capacity, so a drop survives decimation.
    [Fact]
    public async Task TheChartSeriesIsDecimatedButKeepsTheEndsAndTheExtremes()
    {
        await _client.Register("d3s");
        var cycles = Enumerable.Range(1, 1000).Select(n => CellsClient.Cycle(n, n == 537 ? 0.5 : 1.1 - n * 0.0001)).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await _client.Json(HttpMethod.Post, "/api/cells/d3s/cycles", CellsClient.Cycles(cycles))).Status);

        var (status, body) = await _client.Send(HttpMethod.Get, "/api/cells/d3s/cycles/series?points=100");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1000, body.GetProperty("cycles_stored").GetInt32());
        var points = body.GetProperty("points").EnumerateArray().Select(p => (p.GetProperty("cycle").GetInt32(), p.GetProperty("discharge_capacity_Ah").GetDouble())).ToArray();
        Assert.InRange(points.Length, 50, 100);
        Assert.Equal(1, points[0].Item1);
        Assert.Equal(1000, points[^1].Item1);
        Assert.Contains((537, 0.5), points);
        Assert.Equal(points.OrderBy(p => p.Item1), points);
    }

    // Defect 5
    [Fact]
    public async Task TheCellListIsFilteredByTextAndSortedOnTheServer()
    {
        await _client.Register("b-1", CellsClient.CellBody("""{"fleet":"north"}"""));
        await _client.Register("a-2", CellsClient.CellBody("""{"fleet":"south"}""").Replace("Al2O3", "ZnO"));
        await _client.Register("c-3", CellsClient.CellBody("""{"fleet":"North-2"}""").Replace("Al2O3", "TiO2"));

        var (_, byTag) = await _client.Send(HttpMethod.Get, "/api/cells?q=NORTH");
        Assert.Equal(["b-1", "c-3"], Ids(byTag));
        var (_, byCoating) = await _client.Send(HttpMethod.Get, "/api/cells?q=zno");
        Assert.Equal(["a-2"], Ids(byCoating));

        var (_, desc) = await _client.Send(HttpMethod.Get, "/api/cells?sort=-cell_id&limit=2");
        Assert.Equal(["c-3", "b-1"], Ids(desc));
        var (_, rest) = await _client.Send(HttpMethod.Get, $"/api/cells?sort=-cell_id&limit=2&after={desc.GetProperty("next").GetString()}");
        Assert.Equal(["a-2"], Ids(rest));

        var (_, byCoatingSort) = await _client.Send(HttpMethod.Get, "/api/cells?sort=coating");
        Assert.Equal(["b-1", "c-3", "a-2"], Ids(byCoatingSort)); // Al2O3, TiO2, ZnO

        var (bad, problem) = await _client.Send(HttpMethod.Get, "/api/cells?sort=soh");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("cell_id", problem.GetProperty("errors").GetProperty("sort")[0].GetString());
    }

    static IEnumerable<string?> Ids(JsonElement page) => page.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("cell_id").GetString()).ToArray();
}
