using Microsoft.Playwright;
using Twin.Tests.Shared;

namespace Twin.Api.Tests.Dashboard;

/// <summary>
/// One real server (child process, demo data off) and one headless Chromium driven by Playwright
/// for a test class. The browser is Debian's chromium (scripts/setup.sh installs it): Playwright's
/// own browser download is never used. Each test opens its own browser context (no shared cookies
/// or storage) and uses cell ids of its own.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    readonly string _data = Directory.CreateTempSubdirectory("twin-dash-").FullName;
    IPlaywright? _playwright;

    protected virtual IEnumerable<string> ServerSettings => [];
    internal ServerProcess Server { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run `bash scripts/setup.sh` (it installs Debian's chromium for the browser tests).");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Server = await ServerProcess.StartAsync(_data, LoopbackPorts.Free(), [.. LoopbackPorts.SiloArguments(), .. ServerSettings], timeout.Token);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 }, BaseURL = Server.BaseAddress.ToString() });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        Server?.Dispose();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The same, with the demo data on: the first screen a new user sees.</summary>
public sealed class DemoBrowserFixture : BrowserFixture
{
    protected override IEnumerable<string> ServerSettings => ["--Twin:Demo:Enabled=true"];
}
