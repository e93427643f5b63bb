using Twin.Core.Csv;

namespace Twin.Cli.Tests;

/// <summary>
/// The CLI finds its shipped model beside its install, not by walking up from the working
/// directory: twin.dll is copied out of the repo and run from another directory outside it.
/// </summary>
public sealed class AnyDirectoryTests : IDisposable
{
    readonly string _install = Directory.CreateTempSubdirectory("twin-install-").FullName;
    readonly string _cwd = Directory.CreateTempSubdirectory("twin-cwd-").FullName;

    public void Dispose()
    {
        Directory.Delete(_install, recursive: true);
        Directory.Delete(_cwd, recursive: true);
    }

    [Fact]
    public void AnInstalledCliPredictsFromAnyDirectoryWithTheModelBesideIt()
    {
        Copy(TwinProcess.BinDirectory, _install);
        Assert.True(File.Exists(Path.Combine(_install, "models", "twin-design.onnx")), "the build copies models/ beside twin.dll");
        Assert.True(Directory.Exists(Path.Combine(_install, "training-data", "datasets")), "the build copies the training data beside twin.dll");
        File.WriteAllText(Path.Combine(_cwd, "designs.csv"),
            "electrode,coating,coating_thickness_nm,electrolyte,current_mA_g,cycles\nSi nanoparticles,Al2O3,2,LiPF6 in EC/DEC,200,100\n");

        var (code, stdout, stderr) = TwinProcess.RunIn(_cwd, Path.Combine(_install, "twin.dll"), new Dictionary<string, string>(),
            "predict", "--designs", "designs.csv", "--out", "preds.csv");

        Assert.True(code == 0, stderr);
        Assert.Contains("wrote 1 forecasts", stdout);
        var row = Assert.Single(CsvReader.Read(new StreamReader(Path.Combine(_cwd, "preds.csv"))));
        Assert.InRange(row.RequiredNumber("retention_pct"), 0, 100);
    }

    [Fact]
    public void WithoutTheShippedModelTheErrorSaysWhichFolderItLookedIn()
    {
        Copy(TwinProcess.BinDirectory, _install);
        Directory.Delete(Path.Combine(_install, "models"), recursive: true);
        File.WriteAllText(Path.Combine(_cwd, "designs.csv"),
            "electrode,coating,electrolyte,current_mA_g,cycles\nSi nanoparticles,none,LiPF6 in EC/DEC,200,100\n");
        var (code, _, stderr) = TwinProcess.RunIn(_cwd, Path.Combine(_install, "twin.dll"), new Dictionary<string, string>(),
            "predict", "--designs", "designs.csv", "--out", "preds.csv");
        Assert.Equal(1, code);
        Assert.Contains("models", stderr);
        Assert.False(File.Exists(Path.Combine(_cwd, "preds.csv")));
    }

    static void Copy(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
