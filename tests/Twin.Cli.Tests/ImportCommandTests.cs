using Twin.Core.Designs;
using Twin.Storage;
using Twin.Storage.Sqlite;
using Twin.Tests.Shared;

namespace Twin.Cli.Tests;

public sealed class ImportCommandTests : IDisposable
{
    static readonly string Calce = Path.Combine(RepoPaths.Root, "tests", "Twin.Import.Tests", "Fixtures", "batteryarchive_csv",
        "CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_cycle_data.csv");

    readonly string _dir = Directory.CreateTempSubdirectory("twin-import-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    async Task Register(string cellId, double? nominalAh = null)
    {
        await using var store = await SqliteStore.OpenAsync(Path.Combine(_dir, "twin.db"));
        var now = DateTimeOffset.UtcNow;
        await store.UpsertCellAsync(new CellRow(cellId, new CellDesign("LCO", "none", null, null, null, "LiPF6 in EC/DEC", null, null, 0.5, 25), new Dictionary<string, string>(), nominalAh, now, now));
    }

    async Task<long> Stored(string cellId)
    {
        await using var store = await SqliteStore.OpenAsync(Path.Combine(_dir, "twin.db"));
        return await store.CountCyclesAsync(cellId);
    }

    [Fact]
    public async Task ImportingAFixtureStoresItsCyclesAndReimportingCountsDuplicates()
    {
        await Register("calce-33");
        var (code, stdout, stderr) = TwinProcess.Run("import", Calce, "--cell", "calce-33", "--data", _dir);
        Assert.True(code == 0, stderr);
        Assert.Contains("format: batteryarchive-cycle-summary (", stdout);
        Assert.Contains("cycles found: 9", stdout);
        Assert.Contains("inserted: 9, duplicates: 0", stdout);
        Assert.Equal(9, await Stored("calce-33"));

        var (again, second, _) = TwinProcess.Run("import", Calce, "--cell", "calce-33", "--data", _dir, "--format", "batteryarchive-cycle-summary");
        Assert.Equal(0, again);
        Assert.Contains("inserted: 0, duplicates: 9", second);
        Assert.Equal(9, await Stored("calce-33"));
    }

    [Fact]
    public async Task AnUnregisteredCellIsExitCode2AndStoresNothing()
    {
        await Register("other");
        var (code, _, stderr) = TwinProcess.Run("import", Calce, "--cell", "nobody", "--data", _dir);
        Assert.Equal(2, code);
        Assert.Contains("cell 'nobody' is not registered", stderr);
        Assert.Equal(0, await Stored("nobody"));
    }

    [Fact]
    public async Task AnUnknownFormatNameOrACorruptFileIsExitCode2()
    {
        await Register("g1");
        var (code, _, stderr) = TwinProcess.Run("import", Calce, "--cell", "g1", "--data", _dir, "--format", "excel");
        Assert.Equal(2, code);
        Assert.Contains("'excel' is not a cycler format; use one of: arbin-csv", stderr);

        var corrupt = Path.Combine(_dir, "bad.csv");
        await File.WriteAllTextAsync(corrupt, "cycle,discharge_capacity_Ah\n1,1.0\n2,oops\n");
        var (code2, _, stderr2) = TwinProcess.Run("import", corrupt, "--cell", "g1", "--data", _dir, "--format", "generic-csv");
        Assert.Equal(2, code2);
        Assert.Contains("Line 3, column 'discharge_capacity_Ah'", stderr2);
        Assert.Equal(0, await Stored("g1"));
    }

    [Fact]
    public async Task ACycleFarAboveNominalRejectsTheWholeFile()
    {
        await Register("small", nominalAh: 0.1);
        var (code, _, stderr) = TwinProcess.Run("import", Calce, "--cell", "small", "--data", _dir);
        Assert.Equal(2, code);
        Assert.Contains("far above the cell's nominal capacity of 0.1 Ah", stderr);
        Assert.Equal(0, await Stored("small"));
    }
}
