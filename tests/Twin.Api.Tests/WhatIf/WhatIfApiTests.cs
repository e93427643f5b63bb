using System.Net;
using System.Text.Json;
using Twin.Api.Tests.Cells;

namespace Twin.Api.Tests.WhatIf;

/// <summary>Fleet what-if and design sweep on the real server: shipped ONNX model, SQLite, twins fitted by their grains.</summary>
public sealed class WhatIfApiTests : IDisposable
{
    readonly TwinApiFactory _factory = new();
    readonly HttpClient _client;

    public WhatIfApiTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    const string Cell = """{"electrode":"Si nanoparticles","coating":"Al2O3","coating_thickness_nm":2,"electrolyte":"LiPF6 in EC/DEC","current_mA_g":200,"nominal_capacity_Ah":0.2,"tags":{"fleet":"F1"}}""";

    async Task FleetAsync(int cells, int fitted)
    {
        for (var i = 0; i < cells; i++)
        {
            await _client.Register($"w{i}", Cell);
            if (i >= fitted) continue;
            var rows = Enumerable.Range(1, 120).Select(n => CellsClient.Cycle(n, 0.2 * (1 - 0.2 * Math.Pow(n / (300.0 + 40 * i), 1.1)))).ToArray();
            Assert.Equal(HttpStatusCode.OK, (await _client.Json(HttpMethod.Post, $"/api/cells/w{i}/cycles", CellsClient.Cycles(rows))).Status);
            Assert.Equal(HttpStatusCode.OK, (await _client.Send(HttpMethod.Get, $"/api/cells/w{i}/forecast")).Status); // fits and stores the twin
        }
    }

    const string Change = """{"selection":{"tags":{"fleet":"F1"}},"change":{"coating":"alucone","coating_thickness_nm":5},"cycle_target":300,"seed":42}""";

    [Fact]
    public async Task AWhatIfKeepsEachCellsCalibrationNamesTheModelAndIsReproducible()
    {
        await FleetAsync(cells: 4, fitted: 2);

        var (status, body) = await _client.Json(HttpMethod.Post, "/api/fleet/what-if", Change);
        var (_, again) = await _client.Json(HttpMethod.Post, "/api/fleet/what-if", Change);

        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal(body.ToString(), again.ToString());
        var model = JsonDocument.Parse(await _client.GetStringAsync("/readyz")).RootElement.GetProperty("checks").GetProperty("model").GetProperty("description").GetString();
        Assert.Equal(model, "model " + body.GetProperty("model_version").GetString());
        var summary = body.GetProperty("summary");
        Assert.Equal(4, summary.GetProperty("cells").GetInt32());
        Assert.Equal(2, summary.GetProperty("calibrated").GetInt32());
        Assert.InRange(summary.GetProperty("probability_median_longer").GetDouble(), 0, 1);
        Assert.Equal(31, summary.GetProperty("soh_after").GetArrayLength());
        Assert.True(summary.GetProperty("share_reaching_target_before").ValueKind == JsonValueKind.Number);
        var cells = body.GetProperty("cells").EnumerateArray().ToDictionary(c => c.GetProperty("cell_id").GetString()!);
        // Fitted cells differ from each other (their own data); unfitted ones stand on the same prior.
        Assert.NotEqual(cells["w0"].GetProperty("before").GetProperty("p50").GetDouble(), cells["w1"].GetProperty("before").GetProperty("p50").GetDouble());
        Assert.Equal(cells["w2"].GetProperty("before").GetProperty("p50").GetDouble(), cells["w3"].GetProperty("before").GetProperty("p50").GetDouble());
        Assert.True(cells["w0"].GetProperty("calibrated").GetBoolean());
        Assert.False(cells["w3"].GetProperty("calibrated").GetBoolean());
        var evidence = body.GetProperty("evidence")[0];
        Assert.Equal("alucone", evidence.GetProperty("design").GetProperty("coating").GetString());
        // No literature row has alucone (an MLD hybrid) on silicon: the change is flagged as an extrapolation.
        Assert.Equal(0, evidence.GetProperty("literature_rows").GetInt32());
        Assert.True(evidence.GetProperty("unseen_coating").GetBoolean());
    }

    [Fact]
    public async Task TheCsvHasEveryCellWithBeforeAfterAndChange()
    {
        await FleetAsync(cells: 3, fitted: 1);

        using var response = await _client.PostAsync("/api/fleet/what-if?format=csv", new StringContent(Change, System.Text.Encoding.UTF8, "application/json"));
        var lines = (await response.Content.ReadAsStringAsync()).Trim().Split('\n');

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("# model ", lines[0]);
        Assert.StartsWith("cell_id,calibrated,fitted_at,stale,before_p50", lines[1]);
        Assert.Equal(3, lines.Length - 2);
    }

    [Theory]
    [InlineData("""{"selection":{},"change":{}}""", 400, "change")]
    [InlineData("""{"change":{"coating":"ZnO"}}""", 400, "selection")]
    [InlineData("""{"selection":{"coating":"nothing-has-this"},"change":{"coating":"ZnO"}}""", 422, "selection")]
    [InlineData("""{"selection":{},"change":{"coating":"Al2O3","coating_thickness_nm":2}}""", 422, "change")]
    [InlineData("""{"selection":{},"change":{"coating":" al2o3","electrolyte":"lipf6 in EC/DEC"}}""", 422, "change")]
    [InlineData("""{"selection":{},"change":{"coating_thickness_nm":-3}}""", 400, "change.coating_thickness_nm")]
    [InlineData("""{"selection":{},"change":{"temperature_C":900}}""", 400, "change.temperature_C")]
    [InlineData("""{"selection":{},"change":{"coating":"ZnO"},"cycle_target":0}""", 400, "cycle_target")]
    public async Task BadWhatIfsSayWhatToChange(string json, int status, string field)
    {
        await FleetAsync(cells: 1, fitted: 0);

        var (code, problem) = await _client.Json(HttpMethod.Post, "/api/fleet/what-if", json);

        Assert.Equal(status, (int)code);
        var named = problem.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(p => p.Name).ToList() : [problem.GetProperty("field").GetString()!];
        Assert.Contains(field, named);
    }

    [Fact]
    public async Task AnUnknownFieldInTheChangeIsNamed()
    {
        var (code, problem) = await _client.Json(HttpMethod.Post, "/api/fleet/what-if", """{"selection":{},"change":{"coatting":"ZnO"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains("coatting", problem.ToString());
    }

    [Fact]
    public async Task ASweepRanksPointsAndSuggestsWhatToTestNextWithReasons()
    {
        const string sweep = """
            {"base":{"electrode":"Si nanoparticles","coating":"none","electrolyte":"LiPF6 in EC/DEC","current_mA_g":200},
             "grid":{"coatings":["Al2O3","TiO2","alucone","ZnO"],"coating_thickness_nm":[1,2,5,10]}}
            """;

        var (status, body) = await _client.Json(HttpMethod.Post, "/api/designs/sweep", sweep);

        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal(16, body.GetProperty("points").GetArrayLength());
        Assert.NotEmpty(body.GetProperty("suggestions").EnumerateArray());
        Assert.All(body.GetProperty("suggestions").EnumerateArray(), s => Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("reason").GetString())));
        var best = body.GetProperty("best").EnumerateArray().Select(p => p.GetProperty("eol80").GetProperty("p50").GetDouble()).ToList();
        Assert.Equal(best.OrderDescending(), best);
        var al2o3 = body.GetProperty("points").EnumerateArray().First(p => p.GetProperty("design").GetProperty("coating").GetString() == "Al2O3");
        Assert.True(al2o3.GetProperty("evidence").GetProperty("literature_studies").GetInt32() > 0, al2o3.ToString());
        Assert.True(body.GetProperty("incumbent").GetProperty("is_base").GetBoolean()); // no cell tested yet

        // Once the lab has tested the sweep's best point, expected improvement is measured against it.
        var top = body.GetProperty("best")[0].GetProperty("design");
        await _client.Register("tested-best", JsonSerializer.Serialize(new
        {
            electrode = "Si nanoparticles", coating = top.GetProperty("coating").GetString(), coating_thickness_nm = top.GetProperty("coating_thickness_nm").GetDouble(),
            electrolyte = "LiPF6 in EC/DEC", current_mA_g = 200,
        }));
        var (again, after) = await _client.Json(HttpMethod.Post, "/api/designs/sweep", sweep);
        Assert.True(again == HttpStatusCode.OK, after.ToString());
        var incumbent = after.GetProperty("incumbent");
        Assert.False(incumbent.GetProperty("is_base").GetBoolean(), incumbent.ToString());
        Assert.Equal(top.GetProperty("coating").GetString(), incumbent.GetProperty("design").GetProperty("coating").GetString());
        Assert.Equal(1, incumbent.GetProperty("tested_designs").GetInt32());
        Assert.Contains("over the best tested design", after.GetProperty("suggestions")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task EvidenceCountsTheLabsOwnCellsWithTheChangedCoatingClassOutsideTheSelection()
    {
        await FleetAsync(cells: 2, fitted: 0);
        // Two lab cells already carry the MLD coating on silicon (class inferred from the name), one on graphite; none is selected.
        foreach (var (id, electrode) in new[] { ("m0", "Si nanoparticles"), ("m1", "Si"), ("g0", "graphite") })
            await _client.Register(id, Cell.Replace("Si nanoparticles", electrode).Replace("\"Al2O3\"", "\"alucone\"").Replace("F1", "M"));

        var (status, body) = await _client.Json(HttpMethod.Post, "/api/fleet/what-if", Change);
        var sweep = await _client.Json(HttpMethod.Post, "/api/designs/sweep", """
            {"base":{"electrode":"Si nanoparticles","coating":"none","electrolyte":"LiPF6 in EC/DEC","current_mA_g":200},
             "grid":{"coatings":["alucone","Al2O3"],"coating_thickness_nm":[5]}}
            """);

        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var evidence = body.GetProperty("evidence")[0];
        Assert.Equal("hybrid_mld", evidence.GetProperty("coating_class").GetString());
        Assert.Equal(2, evidence.GetProperty("lab_cells").GetInt32());
        Assert.True(sweep.Status == HttpStatusCode.OK, sweep.Body.ToString());
        var points = sweep.Body.GetProperty("points").EnumerateArray().ToDictionary(p => p.GetProperty("design").GetProperty("coating").GetString()!);
        Assert.Equal(2, points["alucone"].GetProperty("evidence").GetProperty("lab_cells").GetInt32());
        Assert.Equal(2, points["Al2O3"].GetProperty("evidence").GetProperty("lab_cells").GetInt32()); // the selection's own w0, w1
    }

    [Fact]
    public async Task ASweepOverTheLimitIsRefusedNamingTheGrid()
    {
        var many = string.Join(",", Enumerable.Range(1, 200).Select(i => i.ToString()));
        var temps = string.Join(",", Enumerable.Range(0, 60));
        var json = "{\"base\":{\"electrode\":\"Si\",\"coating\":\"none\",\"electrolyte\":\"LiPF6 in EC/DEC\"},\"grid\":{\"coating_thickness_nm\":[" + many + "],\"temperature_C\":[" + temps + "],\"coatings\":[\"Al2O3\"]}}";

        var (code, problem) = await _client.Json(HttpMethod.Post, "/api/designs/sweep", json);

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains("MaxSweepPoints", problem.GetProperty("errors").GetProperty("grid")[0].GetString());
    }
}
