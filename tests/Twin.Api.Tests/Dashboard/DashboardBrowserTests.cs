using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Twin.Api.Tests.Cells;
using Twin.Tests.Shared;

namespace Twin.Api.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser: Debian's Chromium (installed by scripts/setup.sh), headless,
/// loads the page from the real server, runs its script against the API and we read the DOM it
/// rendered. Not a mock of the page: the same HTML, JS and endpoints a lab engineer uses.
/// </summary>
public sealed class DashboardBrowserTests : IDisposable
{
    const string Chromium = "/usr/bin/chromium";
    readonly string _data = Directory.CreateTempSubdirectory("twin-dash-").FullName;
    readonly string _profile = Directory.CreateTempSubdirectory("twin-chromium-").FullName;

    public void Dispose()
    {
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_profile, recursive: true);
    }

    [Fact]
    public async Task ASelectedCellShowsItsSummaryMeasuredHistoryAndForecastBands()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run `bash scripts/setup.sh` (it installs Debian's chromium for this test).");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var server = await ServerProcess.StartAsync(_data, timeout.Token);
        var (status, problem) = await server.Client.Json(HttpMethod.Put, "/api/cells/e2e-1", CellsClient.CellBody());
        Assert.True(status == HttpStatusCode.Created, problem.ToString());
        var cycles = Enumerable.Range(1, 300).Select(n => CellsClient.Cycle(n, Math.Round(1.1 * (1 - 0.2 * Math.Pow(n / 700.0, 1.3)), 6))).ToArray();
        (status, problem) = await server.Client.Json(HttpMethod.Post, "/api/cells/e2e-1/cycles", CellsClient.Cycles(cycles));
        Assert.True(status == HttpStatusCode.OK, problem.ToString());

        var dom = await RenderAsync(new Uri(server.BaseAddress, "/#cell=e2e-1"), timeout.Token);

        Assert.Contains("data-id=\"e2e-1\"", dom);                           // the cell list
        Assert.Matches(new Regex(@"<b>300</b><span>cycles observed</span>"), dom); // the summary cards
        Assert.Matches(new Regex(@"<span>end of life, median</span>"), dom);
        Assert.Equal(300, Regex.Matches(dom, "<circle ").Count);           // every measured cycle is drawn
        Assert.Equal(3, Regex.Matches(dom, "fill=\"rgba\\(31,111,235,0.13\\)\"").Count); // 80/90/95% bands
        Assert.Contains("stroke=\"#1f6feb\"", dom);                         // the forecast median
        Assert.Matches(new Regex(@"<p id=""cell-error"" class=""error"" role=""alert""></p>"), dom); // and no error
    }

    // Defect 4: the x-axis ran to the upper end of the 95% band, squeezing 300 measured cycles into a strip.
    [Fact]
    public async Task TheChartsCycleAxisEndsNearTheMedianEndOfLifeNotAtTheWidestBand()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run `bash scripts/setup.sh`.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var server = await ServerProcess.StartAsync(_data, timeout.Token);
        await server.Client.Register("e2e-x");
        var cycles = Enumerable.Range(1, 300).Select(n => CellsClient.Cycle(n, Math.Round(1.1 * (1 - 0.2 * Math.Pow(n / 700.0, 1.3)), 6))).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await server.Client.Json(HttpMethod.Post, "/api/cells/e2e-x/cycles", CellsClient.Cycles(cycles))).Status);
        var (_, forecast) = await server.Client.Send(HttpMethod.Get, "/api/cells/e2e-x/forecast");
        var eolP50 = forecast.GetProperty("eol_p50").GetDouble();
        var widest = forecast.GetProperty("soh_curve").EnumerateArray().Last().GetProperty("cycle").GetDouble();
        Assert.True(widest > 1.3 * eolP50, $"the forecast curve should run past the median ({eolP50}) to the band's end ({widest})");

        var dom = await RenderAsync(new Uri(server.BaseAddress, "/#cell=e2e-x"), timeout.Token);

        // The tick labels of the cycle axis (the row of labels under the plot, y = 320): the last one is the axis end.
        var ticks = Regex.Matches(dom, @"<text x=""[^""]*"" y=""320""[^>]*>(\d+)</text>").Select(m => double.Parse(m.Groups[1].Value)).ToArray();
        Assert.NotEmpty(ticks);
        Assert.InRange(ticks.Max(), 300, 1.25 * eolP50);
        Assert.Equal(300, Regex.Matches(dom, "<circle ").Count);
    }

    [Fact]
    public async Task AnUnknownCellInTheLinkShowsTheApisProblemInsteadOfAChart()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run `bash scripts/setup.sh`.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var server = await ServerProcess.StartAsync(_data, timeout.Token);
        var dom = await RenderAsync(new Uri(server.BaseAddress, "/#cell=ghost"), timeout.Token);
        Assert.Contains("No cell 'ghost' is registered", dom);
        Assert.Contains("No cells yet", dom);
    }

    async Task<string> RenderAsync(Uri page, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", $"--user-data-dir={_profile}", "--virtual-time-budget=10000",
                     "--dump-dom", page.ToString(),
                 })
            start.ArgumentList.Add(a);
        using var browser = Process.Start(start)!;
        var stdout = browser.StandardOutput.ReadToEndAsync(ct);
        var stderr = browser.StandardError.ReadToEndAsync(ct);
        try
        {
            await browser.WaitForExitAsync(ct);
        }
        finally
        {
            if (!browser.HasExited) browser.Kill(entireProcessTree: true);
        }
        var dom = await stdout;
        Assert.True(dom.Contains("</html>", StringComparison.Ordinal), $"chromium rendered nothing (exit {browser.ExitCode}): {await stderr}");
        return dom;
    }
}
