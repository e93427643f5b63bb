using System.Text.Json;
using Twin.Core.Csv;
using Twin.Tests.Shared;

namespace Twin.Cli.Tests;

/// <summary>`twin inspect`: format, columns, warnings and a per-cycle summary of a cycler file, with nothing stored.</summary>
public sealed class InspectCommandTests : IDisposable
{
    static readonly string Fixtures = Path.Combine(RepoPaths.Root, "tests", "Twin.Import.Tests", "Fixtures");
    static readonly string Calce = Path.Combine(Fixtures, "batteryarchive_csv", "CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_cycle_data.csv");
    static readonly string Neware = Path.Combine(Fixtures, "neware_csv", "neware_uio.csv");

    readonly string _cwd = Directory.CreateTempSubdirectory("twin-inspect-").FullName;

    public void Dispose() => Directory.Delete(_cwd, recursive: true);

    (int, string, string) Inspect(params string[] args) =>
        TwinProcess.RunIn(_cwd, Path.Combine(TwinProcess.BinDirectory, "twin.dll"), new Dictionary<string, string>(), ["inspect", .. args]);

    [Fact]
    public void TheTableNamesFormatColumnsAndEveryCycleAndNothingIsWritten()
    {
        var (code, stdout, stderr) = Inspect(Calce);
        Assert.True(code == 0, stderr);
        Assert.Contains("format: batteryarchive-cycle-summary (", stdout);
        Assert.Contains("discharge_capacity <- 'Discharge_Capacity (Ah)'", stdout);
        Assert.Contains("cycle <- 'Cycle_Index'", stdout);
        Assert.Contains("cycles: 9", stdout);
        var header = stdout.Split('\n').First(l => l.StartsWith("cycle "));
        Assert.Contains("discharge_capacity_Ah", header);
        Assert.Contains("soh", header);
        // Cycle 2's row: 1.295 Ah, SOH over the median of the first five cycles (1.292) = 1.0023.
        Assert.Matches(@"\n\s+2\s+1\.295\s+1\.291\s+1\.0031\s+1\.0023\s+false", stdout);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_cwd)); // no .data, no database: nothing stored
    }

    [Fact]
    public void CsvIsOneTableOnStdoutWithTheSummaryOnStderr()
    {
        var (code, stdout, stderr) = Inspect(Neware, "--output", "csv");
        Assert.True(code == 0, stderr);
        var rows = CsvReader.Read(new StringReader(stdout)).ToList();
        Assert.Equal([1, 2, 3, 4], rows.Select(r => r.RequiredInt("cycle")));
        Assert.Equal(0.0043, rows[2].RequiredNumber("discharge_capacity_Ah"), 4);
        Assert.Null(rows[0].Get("mean_temperature_C")); // no temperature column: empty, not 0
        Assert.Contains("format: neware-csv", stderr);
        Assert.Contains("warning: Cycle 3 holds a second discharge", stderr);
    }

    [Fact]
    public void JsonHoldsFormatColumnsWarningsAndCycles()
    {
        var (code, stdout, stderr) = Inspect(Neware, "-o", "json");
        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("neware-csv", json.GetProperty("format").GetString());
        Assert.Equal("Step Type", json.GetProperty("columns").GetProperty("state").GetString());
        Assert.Single(json.GetProperty("warnings").EnumerateArray());
        var cycles = json.GetProperty("cycles").EnumerateArray().ToList();
        Assert.Equal(4, cycles.Count);
        Assert.Equal(JsonValueKind.Null, cycles[0].GetProperty("mean_temperature_C").ValueKind);
        Assert.True(cycles[0].GetProperty("outlier").GetBoolean());
    }

    [Fact]
    public void AFormatWhoseColumnsAreMissingIsExitCode2NamingThem()
    {
        var (code, _, stderr) = Inspect(Calce, "--format", "neware-csv");
        Assert.Equal(2, code);
        Assert.Contains("missing columns: 'Step Type'", stderr);
        Assert.Contains("is not a neware-csv file", stderr);
    }

    [Theory]
    [InlineData("--format", "nonsense", "--format 'nonsense' is not a cycler format")]
    [InlineData("--output", "xml", "--output")]
    public void BadOptionsAreExitCode2NamingTheArgument(string option, string value, string message)
    {
        var (code, _, stderr) = Inspect(Calce, option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public void AMissingFileIsExitCode2()
    {
        var (code, _, stderr) = Inspect("no-such-file.csv");
        Assert.Equal(2, code);
        Assert.Contains("no-such-file.csv' does not exist", stderr);
    }

    [Fact]
    public void ProgressIsNotDrawnWhenStderrIsNotATerminal()
    {
        var (code, _, stderr) = Inspect(Neware);
        Assert.Equal(0, code);
        Assert.DoesNotContain('\r', stderr);
    }
}
