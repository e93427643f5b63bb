using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Twin.Tests.Shared;

namespace Twin.Api.Tests;

/// <summary>The real server in memory: the shipped model, a fresh data directory per factory.</summary>
public sealed class TwinApiFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("twin-api-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Twin:ModelDirectory", RepoPaths.Models);
        builder.UseSetting("Twin:DataDirectory", DataDirectory);
        builder.UseSetting("Twin:MaxRequestBytes", (1024 * 1024).ToString());
        builder.UseSetting("Twin:MaxDesignsPerRequest", "50");
        builder.UseSetting("Twin:Demo:Enabled", "false"); // tests start from an empty store unless one turns the demo on
        // Each factory's silo on ports of its own: test classes run in parallel.
        builder.UseSetting("Twin:Cluster:SiloPort", LoopbackPorts.Free().ToString());
        builder.UseSetting("Twin:Cluster:GatewayPort", "0");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
