using System.Net;

namespace Twin.Api.Tests.Cells;

/// <summary>The fleet table's columns: each listed cell carries its twin as last persisted, read for the page in one query.</summary>
public sealed class CellListTwinTests : IDisposable
{
    readonly TwinApiFactory _factory = new();
    readonly HttpClient _client;

    public CellListTwinTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task AListedCellCarriesItsTwinsSohEndOfLifeAndRemainingLifeAndACellNeverFittedHasNone()
    {
        await _client.Register("fit-1");
        await _client.Register("new-1");
        var cycles = Enumerable.Range(1, 300).Select(n => CellsClient.Cycle(n, Math.Round(1.1 * (1 - 0.2 * Math.Pow(n / 700.0, 1.3)), 6))).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await _client.Json(HttpMethod.Post, "/api/cells/fit-1/cycles", CellsClient.Cycles(cycles))).Status);
        var (_, twin) = await _client.Send(HttpMethod.Get, "/api/cells/fit-1/twin"); // the fit is persisted before this answers

        var (status, list) = await _client.Send(HttpMethod.Get, "/api/cells?sort=cell_id");

        Assert.Equal(HttpStatusCode.OK, status);
        var rows = list.GetProperty("cells").EnumerateArray().ToDictionary(c => c.GetProperty("cell_id").GetString()!);
        Assert.False(rows["new-1"].TryGetProperty("twin", out _));
        var listed = rows["fit-1"].GetProperty("twin");
        Assert.Equal(300, listed.GetProperty("cycles_observed").GetInt32());
        Assert.Equal(300, listed.GetProperty("last_cycle").GetInt32());
        Assert.Equal(twin.GetProperty("soh_now").GetDouble(), listed.GetProperty("soh_now").GetDouble());
        var eol = twin.GetProperty("eol_p50").GetDouble();
        Assert.Equal(eol, listed.GetProperty("eol_p50").GetDouble());
        Assert.Equal(twin.GetProperty("eol_lo90").GetDouble(), listed.GetProperty("eol_lo90").GetDouble());
        Assert.Equal(Math.Max(0, eol - 300), listed.GetProperty("rul_p50").GetDouble(), 6);
        Assert.Equal(twin.GetProperty("model_version").GetString(), listed.GetProperty("model_version").GetString());
        Assert.Equal(twin.GetProperty("anomalies").GetArrayLength(), listed.GetProperty("anomaly_count").GetInt32());
    }
}
