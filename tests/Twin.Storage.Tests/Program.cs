namespace Twin.Storage.Tests;

/// <summary>
/// The test assembly's entry point, unused by the test runner. `dotnet Twin.Storage.Tests.dll
/// append-child &lt;db&gt;` runs <see cref="AppendChild"/>, the process the crash test kills.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["append-child", var path])
            return await AppendChild.RunAsync(path);
        await Console.Error.WriteLineAsync("usage: Twin.Storage.Tests append-child <database path>");
        return 2;
    }
}
