using System.Text.Json;
using Twin.Core.Csv;
using Twin.Tests.Shared;

namespace Twin.Cli.Tests;

/// <summary>One real server for the cells tests (each test uses its own cell ids and tags).</summary>
public sealed class CellsServerFixture : IAsyncLifetime
{
    readonly string _data = Directory.CreateTempSubdirectory("twin-cli-cells-").FullName;
    ServerProcess _server = null!;

    public Uri BaseAddress => _server.BaseAddress;
    public HttpClient Client => _server.Client;
    public string Output => _server.Output;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _server = await ServerProcess.StartAsync(_data, timeout.Token);
    }

    public Task DisposeAsync()
    {
        _server.Dispose();
        Directory.Delete(_data, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>`twin cells register|list|show` against a real server process.</summary>
public sealed class CellsCommandTests(CellsServerFixture fixture) : IClassFixture<CellsServerFixture>
{
    static readonly string Calce = Path.Combine(RepoPaths.Root, "tests", "Twin.Import.Tests", "Fixtures", "batteryarchive_csv",
        "CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_cycle_data.csv");

    readonly CellsServerFixture _server = fixture;

    (int Code, string StdOut, string StdErr) Twin(params string[] args) => TwinProcess.Run([.. args, "--server", _server.BaseAddress.ToString()]);

    (int, string, string) Register(string id, string electrode, string coating, params string[] more) =>
        Twin(["cells", "register", id, "--electrode", electrode, "--coating", coating, "--electrolyte", "LiPF6 in EC/DEC", .. more]);

    [Fact]
    public async Task RegisterStoresTheDesignAndTagsAndShowPrintsThemWithTheTwin()
    {
        var (code, stdout, stderr) = Register("calce-33", "LCO", "none", "--c-rate", "0.5", "--temperature-C", "25",
            "--nominal-capacity-Ah", "1.35", "--tag", "lab=calce", "--tag", "batch=7");
        Assert.True(code == 0, stderr + _server.Output);
        Assert.Matches(@"cell_id\s+calce-33", stdout);
        var stored = JsonDocument.Parse(await _server.Client.GetStringAsync("/api/cells/calce-33")).RootElement;
        Assert.Equal("LCO", stored.GetProperty("electrode").GetString());
        Assert.Equal(0.5, stored.GetProperty("c_rate").GetDouble());
        Assert.Equal(1.35, stored.GetProperty("nominal_capacity_Ah").GetDouble());
        Assert.Equal("7", stored.GetProperty("tags").GetProperty("batch").GetString());

        Assert.Equal(0, Twin("import", Calce, "--cell", "calce-33").Code);
        var (showCode, json, showErr) = Twin("cells", "show", "calce-33", "--output", "json");
        Assert.True(showCode == 0, showErr);
        var shown = JsonDocument.Parse(json).RootElement;
        Assert.Equal("calce-33", shown.GetProperty("cell_id").GetString());
        Assert.Equal(9, shown.GetProperty("cycles_stored").GetInt32());
        Assert.Equal(9, shown.GetProperty("last_cycle").GetInt32());
        Assert.InRange(shown.GetProperty("soh_now").GetDouble(), 0.95, 1.01);
        Assert.Equal("batch=7;lab=calce", shown.GetProperty("tags").GetString());

        var (_, table, _) = Twin("cells", "show", "calce-33");
        Assert.Matches(@"\ncycles_observed\s+9\s*\n", table);
    }

    [Fact]
    public void ListFiltersSortsAndPagesOnTheServer()
    {
        // Tagged set=list, so the other tests' cells on the shared server stay out of these lists.
        Assert.Equal(0, Register("a1", "LCO", "none", "--tag", "lab=x", "--tag", "set=list").Item1);
        Assert.Equal(0, Register("b2", "NCM811", "Al2O3", "--tag", "lab=y", "--tag", "set=list").Item1);
        Assert.Equal(0, Register("c3", "NCM811", "none", "--tag", "lab=x", "--tag", "set=list").Item1);

        var (code, csv, stderr) = Twin("cells", "list", "--tag", "set=list", "--electrode", "NCM811", "--sort", "-cell_id", "--output", "csv");
        Assert.True(code == 0, stderr);
        Assert.Equal(["c3", "b2"], CsvReader.Read(new StringReader(csv)).Select(r => r.Get("cell_id")));

        var (_, byTag, _) = Twin("cells", "list", "--tag", "set=list", "--tag", "lab=x", "-o", "json");
        Assert.Equal(["a1", "c3"], JsonDocument.Parse(byTag).RootElement.EnumerateArray().Select(c => c.GetProperty("cell_id").GetString()));

        var (_, search, _) = Twin("cells", "list", "--tag", "set=list", "-q", "Al2O3", "-o", "csv");
        Assert.Equal(["b2"], CsvReader.Read(new StringReader(search)).Select(r => r.Get("cell_id")));

        var (_, page, pageErr) = Twin("cells", "list", "--tag", "set=list", "--limit", "2", "-o", "csv");
        Assert.Equal(["a1", "b2"], CsvReader.Read(new StringReader(page)).Select(r => r.Get("cell_id")));
        Assert.Contains("more cells: --after b2", pageErr);
        var (_, next, _) = Twin("cells", "list", "--tag", "set=list", "--limit", "2", "--after", "b2", "-o", "csv");
        Assert.Equal(["c3"], CsvReader.Read(new StringReader(next)).Select(r => r.Get("cell_id")));
        var (_, all, allErr) = Twin("cells", "list", "--tag", "set=list", "--limit", "1", "--all", "-o", "csv");
        Assert.Equal(["a1", "b2", "c3"], CsvReader.Read(new StringReader(all)).Select(r => r.Get("cell_id")));
        Assert.DoesNotContain("more cells", allErr);

        var (_, aligned, _) = Twin("cells", "list", "--tag", "set=list");
        Assert.Matches(@"^cell_id\s+electrode\s+coating", aligned);
        Assert.Matches(@"\nb2\s+NCM811\s+Al2O3\s+LiPF6 in EC/DEC", aligned);
    }

    [Fact]
    public void AnInvalidCellIsExitCode2WithTheServersFieldMessages()
    {
        var (code, _, stderr) = Twin("cells", "register", "x1", "--coating", "none", "--electrolyte", "LiPF6", "--c-rate", "-3");
        Assert.Equal(2, code);
        Assert.Contains("error: the server answered 400 The cell is not valid; nothing was stored.", stderr);
        Assert.Contains("electrode: is required", stderr);
        Assert.Contains("c_rate:", stderr);
    }

    [Fact]
    public void BadListParametersAndUnknownCellsAreExitCode2()
    {
        var (code, _, stderr) = Twin("cells", "list", "--sort", "colour");
        Assert.Equal(2, code);
        Assert.Contains("sort: 'colour' is not a sort order", stderr);

        (code, _, stderr) = Twin("cells", "show", "nobody");
        Assert.Equal(2, code);
        Assert.Contains("error: the server answered 404 Unknown cell.: No cell 'nobody' is registered.", stderr);

        (code, _, stderr) = Twin("cells", "register", "x", "--electrode", "LCO", "--c-rate", "fast");
        Assert.Equal(2, code);
        Assert.Contains("--c-rate must be a number; got 'fast'", stderr);

        (code, _, stderr) = Twin("cells", "list", "--tag", "novalue");
        Assert.Equal(2, code);
        Assert.Contains("--tag 'novalue' is not KEY=VALUE", stderr);
    }

    [Fact]
    public void AMalformedServerAddressIsExitCode2()
    {
        var (code, _, stderr) = TwinProcess.Run("cells", "list", "--server", "127.0.0.1:5080");
        Assert.Equal(2, code);
        Assert.Contains("--server '127.0.0.1:5080' is not an http(s) address", stderr);
    }
}
