using System.Net;
using System.Text;

namespace Twin.Api.Tests.Cells;

public sealed class CycleStreamTests : IDisposable
{
    readonly TwinApiFactory _factory = new();
    readonly HttpClient _client;

    public CycleStreamTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    static StringContent Body(string text, string contentType) => new(text, Encoding.UTF8, contentType);

    [Fact]
    public async Task ACsvStreamKeepsTheGoodRowsAndReportsEachBadRowByLine()
    {
        await _client.Register("a");
        await _client.Register("b");
        var csv = """
            cell_id,cycle,discharge_capacity_Ah,temperature_C,timestamp
            a,1,1.05,25,2024-05-01T00:00:00Z
            b,1,1.06,,
            a,2,-1,25,
            ghost,1,1.0,,
            b,2,1.05,999,
            a,3,abc,,
            "b",3,1.04,26,
            """;
        var (status, report) = await _client.Send(HttpMethod.Post, "/api/cycles", Body(csv, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((7, 3, 3, 0), (report.GetProperty("received").GetInt32(), report.GetProperty("accepted").GetInt32(),
            report.GetProperty("inserted").GetInt32(), report.GetProperty("duplicates").GetInt32()));
        Assert.Equal(4, report.GetProperty("rejected_count").GetInt32());
        Assert.Equal([(4, "discharge_capacity_Ah"), (5, "cell_id"), (6, "temperature_C"), (7, "discharge_capacity_Ah")],
            report.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("row").GetInt32(), r.GetProperty("field").GetString())));
        Assert.Equal("'ghost' is not a registered cell; register it before sending its cycles.", report.GetProperty("rejected")[1].GetProperty("reason").GetString());
        Assert.Equal(1, await _client.StoredCycles("a"));
        Assert.Equal(2, await _client.StoredCycles("b"));

        var (again, second) = await _client.Send(HttpMethod.Post, "/api/cycles", Body(csv, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal((0, 3), (second.GetProperty("inserted").GetInt32(), second.GetProperty("duplicates").GetInt32()));
    }

    [Fact]
    public async Task AnNdjsonStreamKeepsTheGoodLinesAndReportsEachBadLine()
    {
        await _client.Register("a");
        var ndjson = """
            {"cell_id":"a","cycle":1,"discharge_capacity_Ah":1.05}
            {"cell_id":"a","cycle":2,"discharge_capacity_Ah":1.04,"colour":"red"}

            not json
            {"cell_id":"a","cycle":3,"discharge_capacity_Ah":1.03,"charge_capacity_Ah":1.04}
            {"cycle":4,"discharge_capacity_Ah":1.02}
            """;
        var (status, report) = await _client.Send(HttpMethod.Post, "/api/cycles", Body(ndjson, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, report.GetProperty("inserted").GetInt32());
        Assert.Equal([(2, "colour"), (4, "(line)"), (6, "cell_id")],
            report.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("row").GetInt32(), r.GetProperty("field").GetString())));
        Assert.Equal(2, await _client.StoredCycles("a"));
    }

    [Fact]
    public async Task AStreamWithNothingAcceptedIsA422WithTheReport()
    {
        var (status, problem) = await _client.Send(HttpMethod.Post, "/api/cycles", Body("cell_id,cycle,discharge_capacity_Ah\nghost,1,1.0\n", "text/csv"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("No cycle of the stream was accepted.", problem.GetProperty("title").GetString());
        Assert.Equal(2, problem.GetProperty("rejected")[0].GetProperty("row").GetInt32());
    }

    [Fact]
    public async Task ACsvHeaderWithAnUnknownColumnIsA400NamingIt()
    {
        var (status, problem) = await _client.Send(HttpMethod.Post, "/api/cycles", Body("cell_id,cycle,discharge_capacity_Ah,temperatur_C\n", "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("line 1: column 'temperatur_C' is not part of the cycle CSV", problem.GetProperty("errors").GetProperty("header")[0].GetString());
    }

    [Fact]
    public async Task AnotherContentTypeIsA415NamingTheSupportedOnes()
    {
        var (status, problem) = await _client.Send(HttpMethod.Post, "/api/cycles", Body("{}", "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal(["text/csv", "application/x-ndjson"], problem.GetProperty("supported_content_types").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task AnOverlongLineIsRejectedAndTheNextLinesStillCount()
    {
        await _client.Register("a");
        var csv = $"cell_id,cycle,discharge_capacity_Ah\na,1,1.0{new string(' ', 70_000)}\na,2,1.0\n";
        var (status, report) = await _client.Send(HttpMethod.Post, "/api/cycles", Body(csv, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, status);
        var rejected = Assert.Single(report.GetProperty("rejected").EnumerateArray());
        Assert.Equal((2, "is longer than 65536 bytes."), (rejected.GetProperty("row").GetInt32(), rejected.GetProperty("reason").GetString()));
        Assert.Equal(1, await _client.StoredCycles("a"));
    }

    [Fact]
    public async Task AStreamOverTheLimitIsA413Problem()
    {
        await _client.Register("a");
        var csv = new StringBuilder("cell_id,cycle,discharge_capacity_Ah\n");
        for (var i = 1; i <= 150_000; i++) csv.Append("a,").Append(i).Append(",1.0\n");
        var content = Body(csv.ToString(), "text/csv");
        var (status, problem) = await _client.Send(HttpMethod.Post, "/api/cycles", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("The request body is too large.", problem.GetProperty("title").GetString());
        Assert.Equal(0, await _client.StoredCycles("a"));
    }
}
