namespace Twin.Storage.Tests;

/// <summary>
/// The test assembly's entry point, unused by the test runner. `dotnet Twin.Storage.Tests.dll
/// append-child sqlite|postgres &lt;path or connection string&gt;` runs <see cref="AppendChild"/>,
/// the process the crash test kills.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["append-child", var kind, var target])
            return await AppendChild.RunAsync(kind, target);
        await Console.Error.WriteLineAsync("usage: Twin.Storage.Tests append-child sqlite|postgres <database path or connection string>");
        return 2;
    }
}
