using Twin.Core.Csv;

namespace Twin.Cli.Tests;

public sealed class PredictCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("twin-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void PredictWritesEveryInputColumnPlusTheForecastColumns()
    {
        var designs = Write("designs.csv",
            "sample,electrode,coating,coating_thickness_nm,electrolyte,current_mA_g,cycles\n" +
            "A,Si nanoparticles,Al2O3,2,LiPF6 in EC/DEC,200,100\n" +
            "\"B, bare\",Si nanoparticles,none,,LiPF6 in EC/DEC,200,300\n");
        var output = Path.Combine(_dir, "preds.csv");
        var (code, stdout, stderr) = TwinProcess.Run("predict", "--designs", designs, "--out", output);
        Assert.True(code == 0, stderr);
        Assert.Contains("wrote 2 forecasts", stdout);
        var rows = CsvReader.Read(new StreamReader(output)).ToList();
        Assert.Equal(["A", "B, bare"], rows.Select(r => r.Get("sample")));
        foreach (var row in rows)
        {
            var p50 = row.RequiredNumber("retention_pct");
            Assert.InRange(p50, row.RequiredNumber("retention_lo90"), row.RequiredNumber("retention_hi90"));
            Assert.InRange(row.RequiredNumber("eol_cycles"), row.RequiredNumber("eol_lo90"), row.RequiredNumber("eol_hi90"));
        }
    }

    [Fact]
    public void AnElectrolyteGivenByClassAloneOrNotAtAllIsForecastNotRefused()
    {
        var designs = Write("classes.csv",
            "sample,electrode,coating,electrolyte,electrolyte_class,cycles\n" +
            "by-class,Si nanoparticles,Al2O3,,sulfide,100\n" +
            "by-alias,Si nanoparticles,none,,carbonate,100\n" +
            "unknown,Si nanoparticles,none,,,100\n" +
            "named-class,Si nanoparticles,none,sulfide,,100\n" +
            "bare-by-class,Si nanoparticles,none,,sulfide,100\n");
        var output = Path.Combine(_dir, "preds.csv");
        var (code, stdout, stderr) = TwinProcess.Run("predict", "--designs", designs, "--out", output);
        Assert.True(code == 0, stderr);
        Assert.Contains("wrote 5 forecasts", stdout);
        var rows = CsvReader.Read(new StreamReader(output)).ToDictionary(r => r.Required("sample"));
        Assert.Equal(["by-class", "by-alias", "unknown", "named-class", "bare-by-class"], rows.Keys);
        foreach (var row in rows.Values)
            Assert.InRange(row.RequiredNumber("retention_pct"), row.RequiredNumber("retention_lo90"), row.RequiredNumber("retention_hi90"));
        // A class written as the electrolyte reads as that class: the same forecast as giving the class.
        foreach (var column in new[] { "retention_pct", "eol_cycles" })
            Assert.Equal(rows["bare-by-class"].RequiredNumber(column), rows["named-class"].RequiredNumber(column));
    }

    [Fact]
    public void ALabDesignsRetentionComesFromTheLabModelWhateverTheCycleCountAndACommercialCellsFromTheFadeLaw()
    {
        var designs = Write("basis.csv",
            "sample,electrode,coating,electrolyte,electrolyte_class,c_rate,cycles\n" +
            "lab-50,Si nanoparticles,Al2O3,,sulfide,,50\n" +
            "lab-500,Si nanoparticles,Al2O3,,sulfide,,500\n" +
            "bare-50,Si nanoparticles,none,,sulfide,,50\n" +
            "nca-100,NCA/graphite,none,LiPF6 carbonate,liquid_carbonate,1,100\n" +
            "nca-1000,NCA/graphite,none,LiPF6 carbonate,liquid_carbonate,1,1000\n");
        var output = Path.Combine(_dir, "preds.csv");
        var (code, _, stderr) = TwinProcess.Run("predict", "--designs", designs, "--out", output);
        Assert.True(code == 0, stderr);
        var rows = CsvReader.Read(new StreamReader(output)).ToDictionary(r => r.Required("sample"));
        Assert.Equal("lab_retention_model", rows["lab-50"].Required("retention_basis"));
        Assert.Equal("fade_law_at_cycles", rows["nca-100"].Required("retention_basis"));
        // Across published studies the test length carries no signal, so the lab forecast does not use it ...
        Assert.Equal(rows["lab-50"].RequiredNumber("retention_pct"), rows["lab-500"].RequiredNumber("retention_pct"));
        // ... but a coating does (the fade ratio learned from coated-vs-bare pairs).
        Assert.True(rows["lab-50"].RequiredNumber("retention_pct") > rows["bare-50"].RequiredNumber("retention_pct"));
        Assert.True(rows["nca-1000"].RequiredNumber("retention_pct") < rows["nca-100"].RequiredNumber("retention_pct"));
    }

    [Fact]
    public void AnElectrolyteClassOutsideTheVocabularyIsNamedAndNothingIsWritten()
    {
        var designs = Write("badclass.csv", "electrode,coating,electrolyte_class,cycles\nSi,none,sulfide,100\nSi,none,plasma,100\n");
        var output = Path.Combine(_dir, "preds.csv");
        var (code, _, stderr) = TwinProcess.Run("predict", "--designs", designs, "--out", output);
        Assert.Equal(2, code);
        Assert.Contains("line 3, column 'electrolyte_class'", stderr);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("Si,Al2O3,-3,LiPF6,100", "line 3, column 'coating_thickness_nm'")]
    [InlineData("Si,Al2O3,3,LiPF6,0", "line 3, column 'cycles'")]
    [InlineData("Si,Al2O3,abc,LiPF6,100", "line 3, column 'coating_thickness_nm'")]
    public void ABadRowIsNamedByLineAndColumnAndNothingIsWritten(string badRow, string where)
    {
        var designs = Write("bad.csv", "electrode,coating,coating_thickness_nm,electrolyte,cycles\nSi,none,,LiPF6,100\n" + badRow + "\n");
        var output = Path.Combine(_dir, "preds.csv");
        var (code, _, stderr) = TwinProcess.Run("predict", "--designs", designs, "--out", output);
        Assert.Equal(2, code);
        Assert.Contains(where, stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void AMissingColumnIsNamed()
    {
        var designs = Write("nocycles.csv", "electrode,coating,electrolyte\nSi,none,LiPF6\n");
        var (code, _, stderr) = TwinProcess.Run("predict", "--designs", designs, "--out", Path.Combine(_dir, "p.csv"));
        Assert.Equal(2, code);
        Assert.Contains("'cycles'", stderr);
    }

    [Fact]
    public void AMissingOnnxRuntimeLibraryIsAMessageNamingItNotACrash()
    {
        // The CLI's files without the package's libonnxruntime.so, as a broken copy would be.
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        foreach (var file in Directory.EnumerateFiles(TwinProcess.BinDirectory).Where(f => !Path.GetFileName(f).StartsWith("libonnxruntime", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(bin, Path.GetFileName(file)));
        var designs = Write("d.csv", "electrode,coating,electrolyte,cycles\nSi,none,LiPF6,10\n");
        var output = Path.Combine(_dir, "p.csv");

        var (code, _, stderr) = TwinProcess.RunDll(Path.Combine(bin, "twin.dll"), new Dictionary<string, string>(), "predict", "--designs", designs, "--out", output);

        Assert.Equal(1, code);
        Assert.StartsWith("error: ", stderr);
        Assert.Contains("libonnxruntime.so", stderr);
        Assert.Contains("dotnet build", stderr);
        Assert.DoesNotContain("Unhandled exception", stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void WithoutOutThePredictionsArePrintedAsCsvOnStdout()
    {
        var designs = Write("designs-stdout.csv",
            "sample,electrode,coating,coating_thickness_nm,electrolyte,current_mA_g,cycles\n" +
            "A,Si nanoparticles,Al2O3,2,LiPF6 in EC/DEC,200,100\n");
        var (code, stdout, stderr) = TwinProcess.Run("predict", "--designs", designs, "-o", "csv");
        Assert.True(code == 0, stderr);
        var row = Assert.Single(CsvReader.Read(new StringReader(stdout)));
        Assert.Equal("A", row.Get("sample"));
        Assert.InRange(row.RequiredNumber("retention_pct"), row.RequiredNumber("retention_lo90"), row.RequiredNumber("retention_hi90"));
    }
}
