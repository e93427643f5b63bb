using System.Net;
using System.Text;
using System.Text.Json;
using Twin.Tests.Shared;

namespace Twin.Cli.Tests;

/// <summary>
/// Defect 6: `twin import` wrote the SQLite file behind a running server's back, leaving its twin
/// stale. With --server the file goes through the server's upload API, and the twin sees it.
/// </summary>
public sealed class ImportToServerTests : IDisposable
{
    static readonly string Calce = Path.Combine(RepoPaths.Root, "tests", "Twin.Import.Tests", "Fixtures", "batteryarchive_csv",
        "CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_cycle_data.csv");

    readonly string _data = Directory.CreateTempSubdirectory("twin-cli-server-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    static async Task<JsonElement> Get(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task ImportWithServerUploadsThroughTheApiAndTheRunningTwinSeesEveryCycle()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var server = await ServerProcess.StartAsync(_data, timeout.Token);
        using var put = await server.Client.PutAsync("/api/cells/calce-33", new StringContent(
            """{"electrode":"LCO","coating":"none","electrolyte":"LiPF6 in EC/DEC","c_rate":0.5,"temperature_C":25}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        var (code, stdout, stderr) = TwinProcess.Run("import", Calce, "--cell", "calce-33", "--server", server.BaseAddress.ToString());

        Assert.True(code == 0, stderr + server.Output);
        Assert.Contains("format: batteryarchive-cycle-summary (", stdout);
        Assert.Contains("cycles found: 9", stdout);
        Assert.Contains("inserted: 9, duplicates: 0", stdout);
        var twin = await Get(server.Client, "/api/cells/calce-33/twin");
        Assert.Equal(9, twin.GetProperty("last_cycle").GetInt32());
        Assert.Equal(9, (await Get(server.Client, "/api/cells/calce-33")).GetProperty("cycles_stored").GetInt32());

        var (again, second, _) = TwinProcess.Run("import", Calce, "--cell", "calce-33", "--server", server.BaseAddress.ToString());
        Assert.Equal(0, again);
        Assert.Contains("inserted: 0, duplicates: 9", second);
    }

    [Fact]
    public async Task TheServersProblemIsPrintedAndAnUnknownCellIsExitCode2()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var server = await ServerProcess.StartAsync(_data, timeout.Token);
        var (code, _, stderr) = TwinProcess.Run("import", Calce, "--cell", "nobody", "--server", server.BaseAddress.ToString());
        Assert.Equal(2, code);
        Assert.Contains("error: the server answered 404 Unknown cell.: No cell 'nobody' is registered.", stderr);
    }

    [Fact]
    public void AnUnreachableServerIsExitCode1NamingTheAddress()
    {
        var url = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        var (code, _, stderr) = TwinProcess.Run("import", Calce, "--cell", "c1", "--server", url);
        Assert.Equal(1, code);
        Assert.Contains($"error: cannot reach the Twin server at {url}/", stderr);
        Assert.Contains("is it running?", stderr);
    }
}
