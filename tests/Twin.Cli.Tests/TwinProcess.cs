using System.Diagnostics;
using Twin.Tests.Shared;

namespace Twin.Cli.Tests;

/// <summary>Runs the built `twin` CLI as a real process and captures its exit code and output.</summary>
internal static class TwinProcess
{
    public static (int ExitCode, string StdOut, string StdErr) Run(params string[] args) =>
        RunWith(new Dictionary<string, string>(), args);

    /// <summary>Runs with extra environment variables (they override the defaults below).</summary>
    public static (int ExitCode, string StdOut, string StdErr) RunWith(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunDll(Path.Combine(BinDirectory, "twin.dll"), environment, args);

    /// <summary>The test output folder, which holds the built CLI and ONNX Runtime's native library.</summary>
    public static string BinDirectory => Path.GetDirectoryName(typeof(TwinProcess).Assembly.Location)!;

    public static (int ExitCode, string StdOut, string StdErr) RunDll(string cli, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunIn(RepoPaths.Root, cli, environment, args);

    /// <summary>Runs a twin.dll with <paramref name="workingDirectory"/> as the current directory.</summary>
    public static (int ExitCode, string StdOut, string StdErr) RunIn(string workingDirectory, string cli, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(cli);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"twin {string.Join(' ', args)} did not finish in 2 minutes");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
