using System.Text.Json;
using Microsoft.Playwright;
using Twin.Api.Demo;
using Twin.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace Twin.Api.Tests.Dashboard;

/// <summary>
/// A first start with the demo data on, as a new user sees it, in the browser; the screenshots in
/// docs/screenshots/ (shown in the README) are taken here, so they show what the code draws today.
/// </summary>
public sealed class DemoScreenTests(DemoBrowserFixture fixture) : IClassFixture<DemoBrowserFixture>
{
    static readonly string Shots = Path.Combine(RepoPaths.Root, "docs", "screenshots");
    static readonly int DemoCells = PublicCells.Cells.Length + SyntheticFleet.Groups.Length * SyntheticFleet.CellsPerGroup;

    /// <summary>Waits (start-up only) until the seeder has registered and fitted every demo cell.</summary>
    async Task WaitSeededAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            using var response = await fixture.Server.Client.GetAsync("/api/cells?limit=1000");
            var cells = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("cells");
            if (cells.GetArrayLength() == DemoCells && cells.EnumerateArray().All(c => c.TryGetProperty("twin", out _))) return;
            Assert.True(DateTime.UtcNow < deadline, $"the demo seeded {cells.GetArrayLength()} of {DemoCells} cells in 90 s: {fixture.Server.Output}");
            await Task.Delay(250); // polling the seeder at start-up only
        }
    }

    [Fact]
    public async Task TheFirstScreenShowsPublicCellsAndTheLabelledSyntheticFleetWithForecasts()
    {
        await WaitSeededAsync();
        Directory.CreateDirectory(Shots);
        var page = await fixture.NewPageAsync();

        await page.GotoAsync("/#/");
        await Expect(page.Locator("#fleet-rows tr")).ToHaveCountAsync(DemoCells);
        await Expect(page.Locator("tr[data-id='PUB-CALCE-CS2_36']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\beol\b")); // sliced past 80%
        await Expect(page.Locator("tr[data-id='SYN-Al2O3-2nm-01'] .chip.synthetic")).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-id='PUB-MIT-b1c0'] .chip.synthetic")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "fleet.png") });

        await page.GotoAsync("/#/cell/PUB-CALCE-CS2_35");
        await Expect(page.Locator("#chart")).ToHaveAttributeAsync("data-measured", "438");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "cell.png"), FullPage = true });

        // A fast-charged LFP cell (Severson b1c1) near its end of life: the twin's knee is marked on the chart.
        await page.GotoAsync("/#/cell/PUB-MIT-b1c1");
        await Expect(page.Locator("#chart")).ToHaveAttributeAsync("data-knees", new System.Text.RegularExpressions.Regex(@"^\d+$"));
        await Expect(page.Locator("#anomalies")).ToContainTextAsync("knee onset");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "cell-knee.png"), FullPage = true });

        await page.GotoAsync("/#/designs");
        await Expect(page.Locator("#design-table tbody tr")).ToHaveCountAsync(2);
        await page.Locator("#design-form select[name=coating_method]").SelectOptionAsync("MLD");
        await page.Locator("#design-form input[name=coating]").FillAsync("alucone");
        await page.Locator("#design-form select[name=coating_class]").SelectOptionAsync("hybrid_mld");
        await page.Locator("#design-form button[name=add]").ClickAsync();
        await Expect(page.Locator("#design-table tbody tr")).ToHaveCountAsync(3);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "designs.png"), FullPage = true });
    }

    [Fact]
    public async Task TheModelsPageRetrainsOnTheDemoCellsShowsTheGateReportAndPromotesAndRollsBack()
    {
        await WaitSeededAsync();
        Directory.CreateDirectory(Shots);
        var page = await fixture.NewPageAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync(); // the confirm() before a promotion or rollback

        await page.GotoAsync("/#/models");
        var shipped = await page.Locator("#serving-version").TextContentAsync();
        await page.Locator("#retrain").ClickAsync();
        await Expect(page.Locator("#jobs-table tbody tr").First).ToContainTextAsync("succeeded", new() { Timeout = 180_000 });
        var version = await page.Locator("#jobs-table tbody tr").First.Locator("td").Nth(3).TextContentAsync();
        var row = page.Locator($"#versions-table tr[data-version='{version}']");
        await Expect(row).ToContainTextAsync("passed");
        await row.Locator("button[data-action=details]").ClickAsync();
        // ONNX Runtime against XGBoost, and the held-out gate on the store's finished cells (which says when there are too few to judge).
        await Expect(page.Locator("#version-detail table.gates")).ToContainTextAsync("ort_vs_xgboost");
        await Expect(page.Locator("#version-detail table.gates")).ToContainTextAsync("held_out_");
        await Expect(page.Locator("#version-detail")).ToContainTextAsync("store cells");

        await row.Locator("button[data-action=promote]").ClickAsync();
        await Expect(page.Locator("#serving-version")).ToHaveTextAsync(version!);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "models.png"), FullPage = true });
        await page.Locator($"#versions-table tr[data-version='{version}'] button[data-action=rollback]").ClickAsync();
        await Expect(page.Locator("#serving-version")).ToHaveTextAsync(shipped!);
    }

    [Fact]
    public async Task AWhatIfShowsTheFleetBeforeAndAfterAndASweepItsHeatmapAndNextTests()
    {
        await WaitSeededAsync();
        Directory.CreateDirectory(Shots);
        var page = await fixture.NewPageAsync();

        // The page's own example: the synthetic fleet's Al2O3 cells with 5 nm alucone instead.
        await page.GotoAsync("/#/what-if");
        await page.Locator("#study-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#whatif-chart canvas")).ToHaveCountAsync(1);
        await Expect(page.Locator("#study-answer table.hist tbody tr")).ToHaveCountAsync(20);
        await Expect(page.Locator("#study-answer .cards")).ToContainTextAsync("P(fleet median after > before)");
        await Expect(page.Locator("#study-answer")).ToContainTextAsync("SYN-Al2O3-");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "what-if.png"), FullPage = true });

        await page.GotoAsync("/#/sweep");
        await page.Locator("#study-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#study-answer table.heatmap td.heat")).ToHaveCountAsync(12); // 3 coatings x 4 thicknesses
        await Expect(page.Locator("#study-answer table.heatmap .star").First).ToBeVisibleAsync();
        await Expect(page.Locator("#study-answer ol.suggestions li").First).ToContainTextAsync("P(beats base)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "sweep.png"), FullPage = true });
    }
}
