using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Twin.Api.Tests;

public sealed class DesignForecastApiTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    const string SiAl2O3 = """{"electrode":"Si nanoparticles","coating":"Al2O3","coating_thickness_nm":2,"electrolyte":"LiPF6 in EC/DEC","current_mA_g":200,"cycles":[50,100,300]}""";

    async Task<(HttpStatusCode Status, JsonElement Body)> Post(string path, string json)
    {
        using var client = factory.CreateClient();
        using var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task ADesignGetsAnEolWithNestedIntervalsAndRetentionAtEachAskedCycle()
    {
        var (status, body) = await Post("/api/forecasts/design", SiAl2O3);
        Assert.Equal(HttpStatusCode.OK, status);
        var eol = body.GetProperty("eol_cycles").GetDouble();
        var intervals = body.GetProperty("eol_intervals").EnumerateArray().ToArray();
        Assert.Equal([0.8, 0.9, 0.95], intervals.Select(i => i.GetProperty("level").GetDouble()));
        for (var i = 0; i < intervals.Length; i++)
        {
            Assert.InRange(eol, intervals[i].GetProperty("lower").GetDouble(), intervals[i].GetProperty("upper").GetDouble());
            if (i > 0) Assert.True(intervals[i].GetProperty("upper").GetDouble() >= intervals[i - 1].GetProperty("upper").GetDouble());
        }
        Assert.Equal(intervals[1].GetProperty("lower").GetDouble(), body.GetProperty("eol_lo90").GetDouble());
        var retention = body.GetProperty("retention").EnumerateArray().ToArray();
        Assert.Equal([50, 100, 300], retention.Select(r => r.GetProperty("cycles").GetInt32()));
        Assert.True(retention[0].GetProperty("retention_pct").GetDouble() >= retention[2].GetProperty("retention_pct").GetDouble());
        Assert.Equal("lab", body.GetProperty("domain").GetString());
        Assert.False(body.GetProperty("unseen_coating").GetBoolean());
    }

    [Fact]
    public async Task AnUnseenCoatingIsForecastWithAWiderIntervalAndSaysWhy()
    {
        var (_, known) = await Post("/api/forecasts/design", SiAl2O3);
        var (status, unseen) = await Post("/api/forecasts/design", SiAl2O3.Replace("\"Al2O3\"", "\"Zr-MOF glaze\",\"coating_class\":\"hybrid_mld\""));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(unseen.GetProperty("unseen_coating").GetBoolean());
        // Widths in log-cycles; the response rounds to 0.01 cycle, hence the small tolerance.
        static double LogWidth(JsonElement b) => Math.Log(b.GetProperty("eol_hi90").GetDouble() / b.GetProperty("eol_lo90").GetDouble());
        Assert.True(LogWidth(unseen) >= LogWidth(known) - 1e-3, $"{LogWidth(unseen)} < {LogWidth(known)}");
        Assert.Contains(unseen.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("not in the training data"));
    }

    [Fact]
    public async Task ABatchIsForecastInOneCallInRequestOrder()
    {
        var bare = SiAl2O3.Replace("\"Al2O3\",\"coating_thickness_nm\":2", "\"none\"");
        var (status, body) = await Post("/api/forecasts/design/batch", $$"""{"designs":[{{SiAl2O3}},{{bare}}]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        var forecasts = body.GetProperty("forecasts").EnumerateArray().ToArray();
        Assert.Equal(2, forecasts.Length);
        var (_, single) = await Post("/api/forecasts/design", bare);
        Assert.Equal(single.GetProperty("eol_cycles").GetDouble(), forecasts[1].GetProperty("eol_cycles").GetDouble());
    }

    [Fact]
    public async Task ANegativeThicknessIsAProblemNamingTheField()
    {
        var (status, body) = await Post("/api/forecasts/design", SiAl2O3.Replace("\"coating_thickness_nm\":2", "\"coating_thickness_nm\":-2"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("must be ≥ 0 nm; got -2.", body.GetProperty("errors").GetProperty("coating_thickness_nm")[0].GetString());
    }

    [Fact]
    public async Task ABadRowInABatchIsNamedByItsIndexAndNothingIsForecast()
    {
        var bad = SiAl2O3.Replace("\"cycles\":[50,100,300]", "\"cycles\":[0]");
        var (status, body) = await Post("/api/forecasts/design/batch", $$"""{"designs":[{{SiAl2O3}},{{bad}}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("designs[1].cycles[0]", out _));
        Assert.False(body.TryGetProperty("forecasts", out _));
    }

    [Theory]
    [InlineData("""{"electrode":"Si","coating":"none","electrolyte":"LiPF6","coating_thicknes_nm":2}""", "coating_thicknes_nm", "not a field")]
    [InlineData("""{"electrode":"Si","coating":"none","electrolyte":"LiPF6","temperature_C":"hot"}""", "temperature_C", "a number is expected")]
    [InlineData("""{"electrode":"Si","coating":"none","electrolyte":"LiPF6","c_rate":NaN}""", null, "not valid JSON")]
    public async Task MalformedJsonIsAProblemThatSaysWhereAndWhy(string json, string? field, string phrase)
    {
        var (status, body) = await Post("/api/forecasts/design", json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(phrase, body.GetProperty("detail").GetString());
        if (field is not null) Assert.Equal(field, body.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("""{"electrode":"Si nanoparticles","coating":"Al2O3","electrolyte_class":"sulfide","cycles":[100]}""")]
    [InlineData("""{"electrode":"Si nanoparticles","coating":"Al2O3","electrolyte":"carbonate","cycles":[100]}""")]
    [InlineData("""{"electrode":"Si nanoparticles","coating":"Al2O3","cycles":[100]}""")]
    public async Task AnElectrolyteGivenByClassAloneOrNotAtAllIsForecastWithTheLiteratureRetention(string json)
    {
        var (status, body) = await Post("/api/forecasts/design", json);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("lab", body.GetProperty("domain").GetString());
        Assert.Contains(body.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("literature retention model:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MissingRequiredFieldsAreEachNamed()
    {
        var (status, body) = await Post("/api/forecasts/design", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body.GetProperty("errors");
        Assert.True(errors.TryGetProperty("electrode", out _));
        Assert.True(errors.TryGetProperty("coating", out _));
        // An electrolyte may be given by class alone or be unknown.
        Assert.False(errors.TryGetProperty("electrolyte", out _));
    }

    [Fact]
    public async Task TooManyDesignsInOneRequestAreRefusedWithTheLimit()
    {
        var designs = string.Join(",", Enumerable.Repeat(SiAl2O3, 51));
        var (status, body) = await Post("/api/forecasts/design/batch", $$"""{"designs":[{{designs}}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("at most 50", body.GetProperty("errors").GetProperty("designs")[0].GetString());
    }

    [Fact]
    public async Task HealthAnswers()
    {
        using var client = factory.CreateClient();
        Assert.Equal("ok", (await client.GetFromJsonAsync<JsonElement>("/healthz")).GetProperty("status").GetString());
    }
}
