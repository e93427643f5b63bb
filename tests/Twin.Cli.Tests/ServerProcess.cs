using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Twin.Tests.Shared;

namespace Twin.Cli.Tests;

/// <summary>
/// The real Twin server (src/Twin.Api's build output, built before these tests by the project
/// reference) as a child process on a free loopback port, for `twin import --server`.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();

    ServerProcess(Process process, int port)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public HttpClient Client { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    public static async Task<ServerProcess> StartAsync(string dataDirectory, CancellationToken ct)
    {
        var port = FreePort();
        // This test's configuration (bin/<Configuration>/net10.0) names the server's build output.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(RepoPaths.Root, "src", "Twin.Api", "bin", configuration, "net10.0", "Twin.Api.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root,
        };
        foreach (var a in new[] { "exec", dll, "--urls", $"http://127.0.0.1:{port}", $"--Twin:DataDirectory={dataDirectory}", $"--Twin:ModelDirectory={RepoPaths.Models}" })
            start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the server"), port);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                if (server._process.HasExited) throw new Xunit.Sdk.XunitException($"the server exited with {server._process.ExitCode}: {server.Output}");
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"the server did not answer /healthz within 60 s: {server.Output}");
                try
                {
                    using var response = await server.Client.GetAsync("/healthz", ct);
                    if (response.IsSuccessStatusCode) return server;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(100, ct); // polling interval for start-up only
            }
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
        Client.Dispose();
    }
}
