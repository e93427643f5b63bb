using Twin.Core.Csv;
using Twin.Core.Fade;

namespace Twin.Cli.Tests;

public sealed class ForecastCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("twin-forecast-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Cells that fade as 1 − SOH = 0.2·(n/eol)^1.5 from 1.1 Ah, observed up to <paramref name="upTo"/> cycles.</summary>
    (string Cells, string Cycles) Lab(string prefix, IReadOnlyList<double> eols, int upTo)
    {
        var cells = "cell_id,chemistry,nominal_capacity_Ah,discharge_c_rate,charge_c_rate,temperature_C,operator\n" +
                    string.Concat(eols.Select((_, i) => $"{prefix}{i},LFP/graphite,1.1,1,1,25,alice\n"));
        var cycles = "cell_id,cycle,discharge_capacity_Ah\n" + string.Concat(eols.SelectMany((eol, i) =>
            Enumerable.Range(1, Math.Min(upTo, (int)(eol * 1.05))).Select(n => $"{prefix}{i},{n},{1.1 * new FadeLaw(eol, 1.5).Soh(n):0.#####}\n")));
        return (Write(prefix + "cells.csv", cells), Write(prefix + "cycles.csv", cycles));
    }

    [Fact]
    public void EveryCellGetsAForecastRowWithItsIntervalAroundTheMedian()
    {
        var (cells, cycles) = Lab("c", [600, 800], upTo: 300);
        var output = Path.Combine(_dir, "out.csv");
        var (code, stdout, stderr) = TwinProcess.Run("forecast", "--cells", cells, "--cycles", cycles, "--out", output);
        Assert.True(code == 0, stderr);
        Assert.Contains("wrote 2 forecasts", stdout);
        var rows = CsvReader.Read(new StreamReader(output)).ToList();
        Assert.Equal(["c0", "c1"], rows.Select(r => r.Get("cell_id")));
        foreach (var r in rows)
        {
            Assert.Equal(300, r.RequiredInt("cycles_observed"));
            Assert.InRange(r.RequiredNumber("eol_p50"), r.RequiredNumber("eol_lo90"), r.RequiredNumber("eol_hi90"));
            Assert.Equal(r.RequiredNumber("eol_p50") - 300, r.RequiredNumber("rul_p50"), 0.11);
        }
    }

    [Fact]
    public void ReferenceCellsFitAFleetAndAnAbsoluteThresholdIsAccepted()
    {
        var (refCells, refCycles) = Lab("r", [500, 520, 540, 560, 580, 600], upTo: 10_000);
        var (cells, cycles) = Lab("n", [550], upTo: 120);
        var output = Path.Combine(_dir, "out.csv");
        var (code, _, stderr) = TwinProcess.Run("forecast", "--cells", cells, "--cycles", cycles, "--out", output,
            "--reference-cells", refCells, "--reference-cycles", refCycles, "--eol-threshold", "0.88Ah");
        Assert.True(code == 0, stderr);
        Assert.Contains("fleet: 6 reference cells (6 reached end of life)", stderr);
        var row = CsvReader.Read(new StreamReader(output)).Single();
        Assert.True(row.RequiredNumber("eol_hi90") > row.RequiredNumber("eol_lo90"));
        Assert.InRange(row.RequiredNumber("eol_p50"), 0.85 * 550, 1.15 * 550);
    }

    [Fact]
    public void AnOutlierRowFarAboveNominalAndTextInATemperatureColumnAreWarningsNotFailures()
    {
        var (refCells, refCycles) = Lab("r", [500, 520, 540, 560, 580, 600], upTo: 10_000);
        File.WriteAllText(refCells, File.ReadAllText(refCells).Replace(",25,alice", ",room temperature (not controlled),alice"));
        File.AppendAllText(refCycles, "r0,7,2.88\n");
        var (cells, cycles) = Lab("n", [550], upTo: 300);
        File.AppendAllText(cycles, "n0,301,2.884085\n");
        var output = Path.Combine(_dir, "out.csv");
        var (code, _, stderr) = TwinProcess.Run("forecast", "--cells", cells, "--cycles", cycles, "--out", output,
            "--reference-cells", refCells, "--reference-cycles", refCycles);
        Assert.True(code == 0, stderr);
        Assert.Contains("column 'temperature_C' holds text in 6 row(s)", stderr);
        Assert.Contains("1 capacity row(s) far above nominal left out of the fit", stderr);
        var row = CsvReader.Read(new StreamReader(output)).Single();
        Assert.Equal(300, row.RequiredInt("cycles_observed"));
    }

    [Fact]
    public void WithoutReferenceCellsTheCommandSaysItFallsBackToTheDesignModel()
    {
        var (cells, cycles) = Lab("c", [600], upTo: 200);
        var (code, stdout, stderr) = TwinProcess.Run("forecast", "--cells", cells, "--cycles", cycles, "--out", Path.Combine(_dir, "o.csv"));
        Assert.True(code == 0, stderr);
        Assert.Contains("no reference cells", stderr);
        Assert.Contains("design model alone", stdout);
    }

    [Theory]
    [InlineData("--eol-threshold", "1.3", "threshold")]
    [InlineData("--eol-threshold", "80%", "threshold")]
    public void ABadThresholdIsRefused(string option, string value, string phrase)
    {
        var (cells, cycles) = Lab("c", [600], upTo: 100);
        var (code, _, stderr) = TwinProcess.Run("forecast", "--cells", cells, "--cycles", cycles, "--out", Path.Combine(_dir, "o.csv"), option, value);
        Assert.Equal(2, code);
        Assert.Contains(phrase, stderr);
    }

    [Fact]
    public void ACycleOfAnUnknownCellOrANegativeCapacityIsNamedByLine()
    {
        var cells = Write("cells.csv", "cell_id,chemistry\nA,LFP/graphite\n");
        var unknown = Write("cycles1.csv", "cell_id,cycle,discharge_capacity_Ah\nA,1,1.0\nB,1,1.0\n");
        var (code, _, stderr) = TwinProcess.Run("forecast", "--cells", cells, "--cycles", unknown, "--out", Path.Combine(_dir, "o.csv"));
        Assert.Equal(2, code);
        Assert.Contains("line 3, column 'cell_id'", stderr);
        var negative = Write("cycles2.csv", "cell_id,cycle,discharge_capacity_Ah\nA,1,-1.0\n");
        (code, _, stderr) = TwinProcess.Run("forecast", "--cells", cells, "--cycles", negative, "--out", Path.Combine(_dir, "o.csv"));
        Assert.Equal(2, code);
        Assert.Contains("line 2, column 'discharge_capacity_Ah'", stderr);
        Assert.False(File.Exists(Path.Combine(_dir, "o.csv")));
    }

    [Fact]
    public void WithoutOutTheForecastsArePrintedInTheChosenFormat()
    {
        var (cells, cycles) = Lab("p", [600, 800], upTo: 300);
        var (code, json, stderr) = TwinProcess.Run("forecast", "--cells", cells, "--cycles", cycles, "--output", "json");
        Assert.True(code == 0, stderr);
        var rows = System.Text.Json.JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        Assert.Equal(["p0", "p1"], rows.Select(r => r.GetProperty("cell_id").GetString()));
        Assert.All(rows, r => Assert.Equal(300, r.GetProperty("cycles_observed").GetInt32()));
        Assert.Contains("2 forecasts (design model alone", stderr);
        Assert.DoesNotContain('\r', stderr); // no progress bar when stderr is not a terminal

        var (_, table, _) = TwinProcess.Run("forecast", "--cells", cells, "--cycles", cycles);
        Assert.Matches(@"^cell_id\s+cycles_observed\s+soh_now", table);
        Assert.Matches(@"\np1\s+300\s", table);
    }
}
