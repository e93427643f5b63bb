using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Twin.Actors.Cells;
using Twin.Core.Cycles;
using Twin.Core.Designs;
using Twin.Core.Fade;
using Twin.Storage;

namespace Twin.Api.Tests;

public sealed class CellForecastApiTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    static readonly CellDesign Lfp = new("LFP/graphite", "none", null, null, null, "LiPF6 in EC/DMC", "liquid_carbonate", null, 4, 30, 4);
    static readonly FadeLaw Truth = new(700, 2.0);

    /// <summary>Registers a cell and stores its first <paramref name="cycles"/> cycles through the real stores, then tells its grain.</summary>
    async Task Seed(string id, int cycles, int from = 1, string? fleet = null)
    {
        using var scope = factory.Services.CreateScope();
        var cells = scope.ServiceProvider.GetRequiredService<ICellStore>();
        var tags = fleet is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["fleet"] = fleet };
        await cells.UpsertCellAsync(new CellRow(id, Lfp, tags, 1.1, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));
        var rows = Enumerable.Range(from, cycles - from + 1).Select(n => new CycleRecord(id, n, 1.1 * Truth.Soh(n))).ToArray();
        var result = await scope.ServiceProvider.GetRequiredService<ICycleStore>().AppendAsync(rows, AppendMode.AllOrNothing);
        await scope.ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<ICellGrain>(id).CyclesAppendedAsync(new CyclesAppended(result.Inserted, cycles));
    }

    async Task<(HttpStatusCode, JsonElement)> Get(string path)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(path);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task AForecastHasTheCurveToEndOfLifeWithNestedBandsAndRemainingLife()
    {
        await Seed("fc-1", 400);
        var (status, body) = await Get("/api/cells/fc-1/forecast");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(400, body.GetProperty("last_cycle").GetInt32());
        var eol = body.GetProperty("eol_p50").GetDouble();
        Assert.Equal(eol - 400, body.GetProperty("rul_p50").GetDouble(), 0.11);
        var intervals = body.GetProperty("eol_intervals").EnumerateArray().ToArray();
        Assert.Equal([0.8, 0.9, 0.95], intervals.Select(i => i.GetProperty("level").GetDouble()));
        Assert.All(intervals, i => Assert.InRange(eol, i.GetProperty("lower").GetDouble(), i.GetProperty("upper").GetDouble()));
        var curve = body.GetProperty("soh_curve").EnumerateArray().ToArray();
        Assert.Equal(400, curve[0].GetProperty("cycle").GetInt32());
        Assert.True(curve[^1].GetProperty("soh").GetDouble() < 0.8);
        Assert.InRange(body.GetProperty("data_weight").GetDouble(), 0, 1);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("model_version").GetString()));
    }

    [Fact]
    public async Task AForecastSaysWhetherItRestsOnTheFleetOrTheDesignPrior()
    {
        await Seed("fleet-alone", 200, fleet: "api-fleet");
        var (_, alone) = await Get("/api/cells/fleet-alone/forecast");
        Assert.Equal("design", alone.GetProperty("basis").GetString());
        Assert.Equal(0, alone.GetProperty("reference_cells").GetInt32());

        await Seed("fleet-done", 760, fleet: "api-fleet");
        await Seed("fleet-new", 200, fleet: "api-fleet");
        var (status, body) = await Get("/api/cells/fleet-new/forecast");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("fleet", body.GetProperty("basis").GetString());
        Assert.Equal("fleet:api-fleet", body.GetProperty("fleet").GetString());
        Assert.Equal(2, body.GetProperty("reference_cells").GetInt32());
        Assert.StartsWith("fleet-", body.GetProperty("fleet_version").GetString());
        Assert.InRange(body.GetProperty("resemblance").GetDouble(), 0, 1);
    }

    [Fact]
    public async Task TheIntervalSharpensAsTheCellReportsMoreCycles()
    {
        await Seed("fc-2", 150);
        var (_, early) = await Get("/api/cells/fc-2/forecast");
        await Seed("fc-2", 550, from: 151);
        var (_, late) = await Get("/api/cells/fc-2/forecast");
        static double Width(JsonElement b) => b.GetProperty("eol_intervals")[1].GetProperty("upper").GetDouble() / b.GetProperty("eol_intervals")[1].GetProperty("lower").GetDouble();
        Assert.Equal(550, late.GetProperty("last_cycle").GetInt32());
        Assert.True(Width(late) < Width(early), $"{Width(late)} ≥ {Width(early)}");
        Assert.True(late.GetProperty("data_weight").GetDouble() >= early.GetProperty("data_weight").GetDouble());
    }

    [Fact]
    public async Task TheTwinStateIsPersistedWithItsFitAndModelVersion()
    {
        await Seed("fc-3", 300);
        var (status, twin) = await Get("/api/cells/fc-3/twin");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(300, twin.GetProperty("cycles_observed").GetInt32());
        Assert.InRange(twin.GetProperty("soh_now").GetDouble(), Truth.Soh(300) - 0.01, Truth.Soh(300) + 0.01);
        Assert.False(string.IsNullOrEmpty(twin.GetProperty("model_version").GetString()));
        // The seeded history is smooth: its noise is the estimator's floor, and the same number the forecast reports.
        var (_, forecast) = await Get("/api/cells/fc-3/forecast");
        Assert.Equal(forecast.GetProperty("fade_law").GetProperty("noise_sd").GetDouble(), twin.GetProperty("fade_law").GetProperty("noise_sd").GetDouble());
        Assert.True(twin.GetProperty("fade_law").GetProperty("noise_sd").GetDouble() > 0);

        using var scope = factory.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<IGrainStateStore>().ReadAsync("cell/twin", "fc-3");
        Assert.True(stored.Exists);
        Assert.Contains("\"cyclesObserved\":300", stored.Json);
    }

    [Fact]
    public async Task AnAbsoluteThresholdIsAppliedPerCell()
    {
        await Seed("fc-4", 300);
        var (status, body) = await Get("/api/cells/fc-4/forecast?eol_threshold=0.77Ah");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("0.77Ah", body.GetProperty("eol_threshold").GetString());
        Assert.InRange(body.GetProperty("eol_threshold_fraction").GetDouble(), 0.69, 0.71); // 0.77 / Q_ref ≈ 1.1
    }

    [Theory]
    [InlineData("/api/cells/fc-5/forecast?eol_threshold=1.5", "eol_threshold")]
    [InlineData("/api/cells/fc-5/forecast?eol_threshold=lots", "eol_threshold")]
    public async Task ABadThresholdIsAProblemNamingTheParameter(string path, string field)
    {
        await Seed("fc-5", 50);
        var (status, body) = await Get(path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task AnUnknownCellIsNotFoundWithAHint()
    {
        var (status, body) = await Get("/api/cells/nope/forecast");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("PUT /api/cells/nope", body.GetProperty("detail").GetString());
    }
}
