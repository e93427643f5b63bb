using Twin.Api.Tests.Cells;
using Twin.Tests.Shared;

namespace Twin.Api.Tests;

/// <summary>The server as shipped: a process started from another directory than its binary's.</summary>
public sealed class HostingTests : IDisposable
{
    readonly string _data = Directory.CreateTempSubdirectory("twin-host-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    // Defect 9: started from the repo root, the content root was the repo root and appsettings.json
    // (beside the binary) was never read, so its log levels were ignored.
    [Fact]
    public async Task AppsettingsBesideTheBinaryIsReadWhateverTheWorkingDirectory()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var server = await ServerProcess.StartAsync(_data, timeout.Token);
        var binary = ServerProcess.ServerDirectory;
        // Microsoft.Hosting.Lifetime logs the content root at Information once the server has started.
        while (!server.Output.Contains("Content root path:", StringComparison.Ordinal))
            await Task.Delay(50, timeout.Token); // waits for a log line the server writes once, bounded by the timeout
        Assert.Contains($"Content root path: {binary}", server.Output);
        await server.Client.Register("h1");
        // appsettings.json sets Microsoft.AspNetCore to Warning: no per-request Information lines.
        Assert.DoesNotContain("Request starting", server.Output);
    }
}
