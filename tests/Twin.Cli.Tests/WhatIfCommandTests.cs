using System.Net;
using System.Text;
using Twin.Tests.Shared;

namespace Twin.Cli.Tests;

/// <summary>`twin sweep` on the shipped model and `twin what-if` against a real server process.</summary>
public sealed class WhatIfCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("twin-whatif-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Base()
    {
        var path = Path.Combine(_dir, "base.csv");
        File.WriteAllText(path, "electrode,coating,electrolyte,current_mA_g,temperature_C\nSi nanoparticles,none,LiPF6 in EC/DEC,200,25\n");
        return path;
    }

    [Fact]
    public void ASweepPrintsTheBaseTheBestPointsAndSuggestionsAndWritesEveryPoint()
    {
        var csv = Path.Combine(_dir, "sweep.csv");

        var (code, stdout, stderr) = TwinProcess.Run("sweep", "--base", Base(), "--coatings", "Al2O3", "TiO2", "alucone", "--thickness-nm", "1", "5", "--out", csv);

        Assert.True(code == 0, stderr);
        Assert.Contains("base design:", stdout);
        Assert.Contains("suggest (expected_improvement)", stdout);
        Assert.Equal(1 + 6, File.ReadAllLines(csv).Length);
    }

    [Fact]
    public void ASweepThatChangesNothingIsExit2()
    {
        var (code, _, stderr) = TwinProcess.Run("sweep", "--base", Base());
        Assert.Equal(2, code);
        Assert.Contains("every point equals the base design", stderr);
    }

    [Fact]
    public async Task AWhatIfAgainstTheServerWritesEveryCellAndABadFieldIsExit2()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var server = await ServerProcess.StartAsync(Path.Combine(_dir, "data"), timeout.Token);
        foreach (var id in new[] { "a", "b" })
        {
            using var put = await server.Client.PutAsync($"/api/cells/{id}", new StringContent(
                """{"electrode":"Si nanoparticles","coating":"Al2O3","coating_thickness_nm":2,"electrolyte":"LiPF6 in EC/DEC","tags":{"fleet":"F"}}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }
        var csv = Path.Combine(_dir, "whatif.csv");

        var (code, stdout, stderr) = TwinProcess.Run("what-if", "--server", server.BaseAddress.ToString(), "--tag", "fleet=F", "--change", "coating=alucone", "coating_thickness_nm=5", "--out", csv);
        var (bad, _, message) = TwinProcess.Run("what-if", "--server", server.BaseAddress.ToString(), "--change", "colour=blue");
        var (summaryCode, summary, _) = TwinProcess.Run("what-if", "--server", server.BaseAddress.ToString(), "--change", "coating=ZnO", "--seed", "3");

        Assert.True(code == 0, stderr + server.Output);
        Assert.Contains("wrote 2 cells", stdout);
        Assert.Equal(2 + 2, File.ReadAllLines(csv).Length);
        Assert.Equal(2, bad);
        Assert.Contains("'colour' is not a design field", message);
        Assert.Equal(0, summaryCode);
        Assert.Contains("seed 3: 2 cells", summary);
    }
}
