using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Twin.Api.Tests.Cells;
using Twin.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace Twin.Api.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Playwright driving Debian's chromium) against the real server:
/// the same HTML, JS modules, uPlot bundle and endpoints a lab engineer uses.
/// </summary>
public sealed class DashboardBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    static readonly string CalceSummary = Path.Combine(RepoPaths.Root, "tests", "Twin.Import.Tests", "Fixtures", "batteryarchive_csv",
        "CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_cycle_data.csv");

    HttpClient Api => fixture.Server.Client;

    static string[] Fading(int count, double eol = 700, int from = 1) =>
        Enumerable.Range(from, count).Select(n => CellsClient.Cycle(n, Math.Round(1.1 * (1 - 0.2 * Math.Pow(n / eol, 1.3)), 6))).ToArray();

    async Task Seed(string id, int cycles, string tags = """{"fleet":"A"}""", double eol = 700)
    {
        var (status, problem) = await Api.Json(HttpMethod.Put, $"/api/cells/{id}", CellsClient.CellBody(tags));
        Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, problem.ToString());
        if (cycles == 0) return;
        (status, problem) = await Api.Json(HttpMethod.Post, $"/api/cells/{id}/cycles", CellsClient.Cycles(Fading(cycles, eol)));
        Assert.True(status == HttpStatusCode.OK, problem.ToString());
        Assert.Equal(HttpStatusCode.OK, (await Api.Send(HttpMethod.Get, $"/api/cells/{id}/twin")).Status); // fit and persist the twin
    }

    [Fact]
    public async Task TheFleetTableShowsEachTwinAndItsSearchRunsOnTheServer()
    {
        await Seed("flt-north-1", 300, """{"site":"north"}""");
        await Seed("flt-south-1", 640, """{"site":"south"}""", eol: 650); // 98% of its life: near end of life
        await Seed("flt-south-2", 0, """{"site":"south"}""");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/#/?q=flt-");

        var rows = page.Locator("#fleet-rows tr");
        await Expect(rows).ToHaveCountAsync(3);
        var north = page.Locator("tr[data-id='flt-north-1']");
        await Expect(north.Locator("td").Nth(2)).ToHaveTextAsync("300");                   // cycles
        await Expect(north.Locator("td").Nth(3)).ToHaveTextAsync(new Regex(@"^\d+\.\d%$")); // SOH now
        await Expect(north.Locator("td").Nth(4)).ToHaveTextAsync(new Regex(@"^[\d,]+ \([\d,]+–[\d,]+\)$")); // EOL (90% interval)
        await Expect(page.Locator("tr[data-id='flt-south-1']")).ToHaveClassAsync(new Regex("near-eol"));
        await Expect(page.Locator("tr[data-id='flt-south-2'] td").Nth(3)).ToHaveTextAsync("–"); // no twin yet

        // The search goes to the server (q=) over every cell, not the loaded page.
        var request = page.WaitForRequestAsync(r => r.Url.Contains("q=north", StringComparison.Ordinal));
        await page.Locator("#fleet-q").FillAsync("north");
        await request;
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-id", "flt-north-1");
    }

    [Fact]
    public async Task ACellOpenedFromTheFleetShowsItsMeasuredHistoryForecastBandsAndEvidence()
    {
        await Seed("cel-1", 300);
        var (_, forecast) = await Api.Send(HttpMethod.Get, "/api/cells/cel-1/forecast");
        var eolP50 = forecast.GetProperty("eol_p50").GetDouble();
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/#/?q=cel-1");

        await page.Locator("a[href='#/cell/cel-1']").ClickAsync();

        await Expect(page.Locator("#cell-summary")).ToContainTextAsync("300cycles observed");
        await Expect(page.Locator("#cell-summary")).ToContainTextAsync("end of life, median");
        var chart = page.Locator("#chart");
        await Expect(chart.Locator("canvas")).ToHaveCountAsync(1);                 // uPlot drew it
        await Expect(chart).ToHaveAttributeAsync("data-measured", "300");          // every measured cycle
        Assert.True(int.Parse((await chart.GetAttributeAsync("data-forecast"))!, CultureInfo.InvariantCulture) > 10);
        // Defect 4: the cycle axis ends near the median end of life, not at the widest band's end.
        var xmax = double.Parse((await chart.GetAttributeAsync("data-xmax"))!, CultureInfo.InvariantCulture);
        Assert.InRange(xmax, 300, 1.2 * eolP50);
        await Expect(page.Locator("#evidence")).ToContainTextAsync("own data");
        await Expect(page.Locator("#cell-error")).ToBeEmptyAsync();
    }

    [Fact]
    public async Task UploadingACyclerFileShowsProgressAndTheServersAnswerAndABadOneShowsTheProblem()
    {
        await Seed("upl-1", 0);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/#/cell/upl-1");
        await Expect(page.Locator("#cell-summary")).ToContainTextAsync("No cycles yet");

        await page.Locator("#upload-file").SetInputFilesAsync(CalceSummary);
        await page.Locator("#upload-form button[type=submit]").ClickAsync();

        await Expect(page.Locator("#upload-answer.ok")).ToContainTextAsync("9 cycles found, 9 inserted");
        await Expect(page.Locator("#upload-answer")).ToContainTextAsync("batteryarchive-cycle-summary");
        Assert.Equal(1.0, await page.Locator("#upload-progress").EvaluateAsync<double>("p => p.value")); // the bar ran to the end
        await Expect(page.Locator("#chart")).ToHaveAttributeAsync("data-measured", "9"); // the page reloaded the cell
        Assert.Equal(9, await Api.StoredCycles("upl-1"));

        // The same file forced to a format it is not: the server's 422 naming the missing columns.
        await page.Locator("#upload-format").SelectOptionAsync("neware-csv");
        await page.Locator("#upload-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#upload-answer.bad")).ToContainTextAsync("422: nothing was stored.");
        await Expect(page.Locator("#upload-answer")).ToContainTextAsync("missing columns");
        Assert.Equal(9, await Api.StoredCycles("upl-1"));
    }

    [Fact]
    public async Task ACellIsRegisteredAndEditedFromThePage()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/#/cell-new");
        await page.Locator("#cell-form input[name=cell_id]").FillAsync("reg-1");
        await page.Locator("#cell-form input[name=coating_thickness_nm]").FillAsync("3");
        await page.Locator("#cell-form textarea[name=tags]").FillAsync("fleet=B\nchannel=7");
        await page.Locator("#cell-form button[type=submit]").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("#/cell/reg-1$"));
        await Expect(page.Locator("#cell-design")).ToContainTextAsync("Al2O3 3 nm");
        var (_, cell) = await Api.Send(HttpMethod.Get, "/api/cells/reg-1");
        Assert.Equal("7", cell.GetProperty("tags").GetProperty("channel").GetString());

        await page.Locator("#cell-edit").ClickAsync();
        await page.Locator("#cell-form select[name=coating_method]").SelectOptionAsync("ALD");
        await page.Locator("#cell-form input[name=temperature_C]").FillAsync("900");
        await page.Locator("#cell-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#cell-form-error")).ToContainTextAsync("temperature_C");  // the server's 400, field named
        await page.Locator("#cell-form input[name=temperature_C]").FillAsync("45");
        await page.Locator("#cell-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#cell-edit-box")).ToBeHiddenAsync();
        (_, cell) = await Api.Send(HttpMethod.Get, "/api/cells/reg-1");
        Assert.Equal(("ALD", 45.0), (cell.GetProperty("coating_method").GetString(), cell.GetProperty("temperature_C").GetDouble()));
    }

    [Fact]
    public async Task ComparingDesignsShowsEachRetentionCurveAndTheChanceOneOutlivesTheOther()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/#/designs");
        var rows = page.Locator("#design-table tbody tr");
        await Expect(rows).ToHaveCountAsync(2); // bare and 2 nm Al2O3 to start with

        await page.Locator("#design-form input[name=coating_thickness_nm]").FillAsync("10");
        await page.Locator("#design-form button[name=add]").ClickAsync();

        await Expect(rows).ToHaveCountAsync(3);
        await Expect(page.Locator("#design-chart canvas")).ToHaveCountAsync(1);
        // P(row outlives column) and P(column outlives row) are complementary.
        var cells = new List<IReadOnlyList<string>>();
        for (var r = 0; r < 3; r++) cells.Add(await rows.Nth(r).Locator("td").AllInnerTextsAsync());
        double P(int row, int col) => double.Parse(Regex.Match(cells[row][4 + col], @"\d+").Value, CultureInfo.InvariantCulture);
        Assert.Equal(100, P(1, 0) + P(0, 1), 1.0);
        Assert.Equal(100, P(2, 1) + P(1, 2), 1.0);
        // The coated design whose median life is longer is the more likely to outlive the bare one.
        var medians = await rows.Locator("td:nth-child(3)").AllInnerTextsAsync();
        var (bare, coated) = (double.Parse(medians[0].Replace(",", ""), CultureInfo.InvariantCulture), double.Parse(medians[1].Replace(",", ""), CultureInfo.InvariantCulture));
        Assert.Equal(coated > bare, P(1, 0) > 50);
    }

    [Fact]
    public async Task WhenTheServerAsksForAKeyTheKeyBoxAppearsAndTheKeyIsSentOnEveryRequest()
    {
        var page = await fixture.NewPageAsync();
        var keys = new List<string?>();
        // The server stays open on loopback; this stands in for a server with keys configured.
        await page.RouteAsync("**/api/cells?*", async route =>
        {
            var key = route.Request.Headers.TryGetValue("x-api-key", out var k) ? k : null;
            keys.Add(key);
            if (key == "lab-key") await route.ContinueAsync();
            else await route.FulfillAsync(new() { Status = 401, ContentType = "application/problem+json", Body = """{"title":"An API key is needed."}""" });
        });
        await page.GotoAsync("/");
        await Expect(page.Locator("#key-box")).ToBeVisibleAsync();
        await page.Locator("#api-key").FillAsync("lab-key");
        await page.Locator("#key-box button").ClickAsync();

        await Expect(page.Locator("#key-box")).ToBeHiddenAsync();
        await Expect(page.Locator("#fleet-page")).ToContainTextAsync("page 1");
        Assert.Equal([null, "lab-key"], keys);
        Assert.Equal("lab-key", await page.EvaluateAsync<string>("sessionStorage.getItem('twin.apiKey')"));
    }

    [Fact]
    public async Task TheWhatIfSweepAndModelsPagesAppearWithTheirApisAndASweepRunsFromThePage()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("nav a")).ToHaveTextAsync(["Fleet", "Designs", "What-if", "Sweep", "Models"]);
        await page.Locator("nav a[data-page=sweep]").ClickAsync();
        await page.Locator("#study-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#study-answer table.heatmap td.heat")).ToHaveCountAsync(12);
        await Expect(page.Locator("#study-answer ol.suggestions")).ToContainTextAsync("(expected improvement)");

        // A server without those APIs (their probes answer 404): only the fleet and design pages.
        var older = await fixture.NewPageAsync();
        await older.RouteAsync(url => url.Contains("/api/fleet/what-if") || url.Contains("/api/designs/sweep") || url.EndsWith("/api/models", StringComparison.Ordinal),
            route => route.FulfillAsync(new() { Status = 404, ContentType = "application/problem+json", Body = "{}" }));
        await older.GotoAsync("/");
        await Expect(older.Locator("#fleet-page")).ToContainTextAsync("page 1");
        await Expect(older.Locator("nav a")).ToHaveTextAsync(["Fleet", "Designs"]);
    }

    [Fact]
    public async Task AnUnknownCellInTheLinkShowsTheApisProblemInsteadOfAChart()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/#/cell/ghost");
        await Expect(page.Locator("#cell-error")).ToContainTextAsync("No cell 'ghost' is registered");
        await Expect(page.Locator("#chart canvas")).ToHaveCountAsync(0);
    }
}
