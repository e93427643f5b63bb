using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Twin.Api.Demo;
using Twin.Storage;

namespace Twin.Api.Tests.Demo;

public sealed class DemoDataTests : IDisposable
{
    readonly TwinApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public void TheSyntheticFleetIsTheSameForTheSameSeedAndItsBestCoatingHasTheLiteratureFadeRatio()
    {
        var a = SyntheticFleet.Generate(7).ToArray();
        var b = SyntheticFleet.Generate(7).ToArray();
        var other = SyntheticFleet.Generate(8).ToArray();

        Assert.Equal(SyntheticFleet.Groups.Length * SyntheticFleet.CellsPerGroup, a.Length);
        Assert.Equal(a.SelectMany(c => c.Cycles), b.SelectMany(c => c.Cycles));
        Assert.NotEqual(a.SelectMany(c => c.Cycles), other.SelectMany(c => c.Cycles));
        Assert.All(a, c => Assert.StartsWith("SYN-", c.CellId));
        var best = SyntheticFleet.Groups.Single(g => g.Name == "Al2O3-2nm");
        var bare = SyntheticFleet.Groups.Single(g => g.Name == "bare-carbonate");
        Assert.Equal(0.29, SyntheticFleet.FadeRatio(best), 12);
        Assert.True(SyntheticFleet.FadeRatio(SyntheticFleet.Groups.Single(g => g.Name == "Al2O3-5nm")) > 0.29);
        // At a fixed cycle count the coated cells have lost 0.29 x the bare cells' capacity (before spread and noise).
        var n = 200.0;
        double Fade(SyntheticFleet.Group g) => 0.2 * Math.Pow(n / SyntheticFleet.MedianEol(g), SyntheticFleet.Exponent);
        Assert.Equal(0.29, Fade(best) / Fade(bare), 9);
    }

    [Fact]
    public async Task TheDemoSeedsAnEmptyStoreOnceAndNeverAStoreInUse()
    {
        _ = _factory.Server; // start the host (and its silo)
        var seeder = _factory.Services.GetServices<IHostedService>().OfType<DemoSeeder>().Single();
        var cells = _factory.Services.GetRequiredService<ICellStore>();

        Assert.Equal(0, await cells.CountCellsAsync()); // off in tests: nothing seeded at start
        var seeded = await seeder.SeedAsync(CancellationToken.None);

        Assert.Equal(PublicCells.Cells.Length + SyntheticFleet.Groups.Length * SyntheticFleet.CellsPerGroup, seeded);
        Assert.Equal(seeded, await cells.CountCellsAsync());
        var calce = await cells.GetCellAsync("PUB-CALCE-CS2_35");
        Assert.Equal("calce_cs2", calce!.Tags["dataset"]);
        Assert.Equal(438, await _factory.Services.GetRequiredService<ICycleStore>().CountCyclesAsync("PUB-CALCE-CS2_35"));
        Assert.Equal("synthetic", (await cells.GetCellAsync("SYN-Al2O3-2nm-01"))!.Tags["source"]);
        Assert.Equal(0, await seeder.SeedAsync(CancellationToken.None)); // the store is in use now
    }
}
