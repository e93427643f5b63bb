using System.Diagnostics;
using System.Text;
namespace Twin.Tests.Shared;

/// <summary>
/// The real server as a child process (src/Twin.Api's build output, Production settings) on a
/// free loopback port over a data folder, for tests that need a real socket or a real crash.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    readonly StringBuilder _output = new();

    ServerProcess(Process process, int port)
    {
        Process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }
    public HttpClient Client { get; }
    public Uri BaseAddress => Client.BaseAddress!;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>src/Twin.Api's build output for this test's configuration (bin/&lt;Configuration&gt;/net10.0).</summary>
    public static string ServerDirectory { get; } = Path.Combine(RepoPaths.Root, "src", "Twin.Api", "bin",
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0");

    public static Task<ServerProcess> StartAsync(string dataDirectory, CancellationToken ct) =>
        StartAsync(dataDirectory, LoopbackPorts.Free(), LoopbackPorts.SiloArguments(), ct);

    /// <summary>A server on a given HTTP port with the given extra settings (e.g. one silo of a cluster).</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, int port, IEnumerable<string> settings, CancellationToken ct)
    {
        var dll = Path.Combine(ServerDirectory, "Twin.Api.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root,
        };
        string[] arguments = ["exec", dll, "--urls", $"http://127.0.0.1:{port}", $"--Twin:DataDirectory={dataDirectory}", $"--Twin:ModelDirectory={RepoPaths.Models}",
            "--Twin:Demo:Enabled=false", ..settings]; // no demo data unless a test's settings turn it on (later arguments win)
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the server"), port);
        try
        {
            await server.WaitHealthyAsync(ct);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Polls /healthz until the server answers, it exits, or a 60 s deadline passes.</summary>
    async Task WaitHealthyAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (Process.HasExited) throw new Xunit.Sdk.XunitException($"the server exited with {Process.ExitCode}: {Output}");
            try
            {
                using var response = await Client.GetAsync("/healthz", ct);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100, ct); // polling interval for start-up only
        }
        throw new TimeoutException($"the server did not answer /healthz within 60 s: {Output}");
    }

    public void Dispose()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        Process.WaitForExit(10_000);
        Process.Dispose();
        Client.Dispose();
    }
}
