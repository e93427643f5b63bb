using Microsoft.Extensions.DependencyInjection;
using Twin.Actors.Cells;
using Twin.Actors.Fleet;
using Twin.Core.Cycles;
using Twin.Core.Fade;
using Twin.Core.Twins;
using Twin.Storage;

namespace Twin.Actors.Tests;

/// <summary>The server's fleet level on a real silo and SQLite: which cells a forecast rests on, and when the fleet is refitted.</summary>
public sealed class FleetForecastTests : IAsyncLifetime
{
    readonly SiloFixture _f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _f.DisposeAsync().AsTask();

    async Task RegisterAsync(string id, string? fleet = null)
    {
        var now = _f.Time.GetUtcNow();
        var tags = fleet is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [FleetKeys.Tag] = fleet };
        await _f.Store.UpsertCellAsync(new CellRow(id, SiloFixture.Lfp, tags, 1.1, now, now));
    }

    /// <summary>Stores cycles 1…<paramref name="to"/> of a cell fading as 1 − 0.2·(n/eol)^1.6 (end of life at <paramref name="eol"/>).</summary>
    async Task StoreAsync(string id, double eol, int to, int from = 1)
    {
        var law = new FadeLaw(eol, 1.6);
        var rows = Enumerable.Range(from, to - from + 1).Where(n => n % 5 == 0 || n == 1).Select(n => new CycleRecord(id, n, 1.1 * law.Soh(n))).ToArray();
        await _f.Store.AppendAsync(rows, AppendMode.AllOrNothing);
    }

    [Fact]
    public async Task ACellWhoseFleetHasFinishedCellsIsForecastFromThemAndSaysSo()
    {
        var grains = await _f.StartSiloAsync();
        double[] lives = [700, 800, 900, 1000];
        for (var i = 0; i < lives.Length; i++)
        {
            await RegisterAsync($"ref-{i}", "batch-7");
            await StoreAsync($"ref-{i}", lives[i], (int)lives[i] + 30);
        }
        await RegisterAsync("new-1", "batch-7");
        await StoreAsync("new-1", 850, 300);

        var f = await grains.GetGrain<ICellGrain>("new-1").ForecastAsync(EolThreshold.Default);

        Assert.Equal(ForecastBasis.FleetLevel, f.Basis!.Level);
        Assert.Equal("fleet:batch-7", f.Basis.Fleet);
        Assert.Equal(4, f.Basis.ReferenceCells);
        Assert.StartsWith("fleet-", f.Basis.FleetVersion);
        Assert.InRange(f.Basis.Resemblance!.Value, 0, 1);
        // The fleet's lives run 700–1000 cycles; the design prior alone knows nothing of this batch.
        Assert.InRange(f.EolP50, 600, 1100);
        var i90 = f.Eol(0.90);
        Assert.True(i90.Lower <= f.EolP50 && f.EolP50 <= i90.Upper);
        Assert.True(f.Eol(0.80).Upper <= i90.Upper && i90.Upper <= f.Eol(0.95).Upper);
    }

    [Fact]
    public async Task ACellAloneInItsFleetFallsBackToTheDesignPriorAndSaysSo()
    {
        var grains = await _f.StartSiloAsync();
        await RegisterAsync("alone-1", "batch-1");
        await StoreAsync("alone-1", 800, 300);
        // Same design, but another fleet: not a reference of batch-1.
        await RegisterAsync("other-1", "batch-2");
        await StoreAsync("other-1", 800, 830);

        var f = await grains.GetGrain<ICellGrain>("alone-1").ForecastAsync(EolThreshold.Default);

        Assert.Equal(ForecastBasis.DesignLevel, f.Basis!.Level);
        Assert.Equal(0, f.Basis.ReferenceCells);
        Assert.Null(f.Basis.FleetVersion);
    }

    [Fact]
    public async Task UntaggedCellsOfTheSameDesignAndProtocolAreOneFleetAndTheCellItselfIsNeverItsOwnReference()
    {
        var grains = await _f.StartSiloAsync();
        await RegisterAsync("d-1");
        await StoreAsync("d-1", 800, 830);
        await RegisterAsync("d-2");
        var alone = await grains.GetGrain<ICellGrain>("d-1").ForecastAsync(EolThreshold.Default);
        Assert.Equal(ForecastBasis.DesignLevel, alone.Basis!.Level); // d-2 has no history yet: too few references
        await RegisterAsync("d-3");
        await StoreAsync("d-3", 850, 860);
        await StoreAsync("d-2", 900, 400);
        await RegisterAsync("tagged", "elsewhere");
        await StoreAsync("tagged", 900, 930);

        var f1 = await grains.GetGrain<ICellGrain>("d-2").ForecastAsync(EolThreshold.Default);
        Assert.Equal(ForecastBasis.FleetLevel, f1.Basis!.Level);
        Assert.Equal(2, f1.Basis.ReferenceCells);
        var fleets = _f.Services(0).GetRequiredService<FleetModels>();
        var fit = await fleets.GetAsync((await _f.Store.GetCellAsync("d-2"))!, EolThreshold.Default);
        Assert.Equal(["d-1", "d-3"], fit!.ReferenceIds.Order());
    }

    [Fact]
    public async Task AFleetCellThatFinishesRefitsTheFleetForItsOtherCells()
    {
        var grains = await _f.StartSiloAsync();
        await RegisterAsync("a", "b9");
        await StoreAsync("a", 800, 830);
        await RegisterAsync("running", "b9");
        await StoreAsync("running", 1000, 500);
        await RegisterAsync("target", "b9");
        await StoreAsync("target", 900, 300);
        var target = grains.GetGrain<ICellGrain>("target");
        var running = grains.GetGrain<ICellGrain>("running");
        var before = await target.ForecastAsync(EolThreshold.Default);
        Assert.False((await running.ForecastAsync(EolThreshold.Default)).EndOfLifeReached);
        Assert.Same(before, await target.ForecastAsync(EolThreshold.Default));

        // The running cell reaches its end of life; its grain hears of it and its next read sees it finished.
        await StoreAsync("running", 1000, 1040, from: 501);
        await running.CyclesAppendedAsync(new CyclesAppended(108, 1040));
        Assert.True((await running.ForecastAsync(EolThreshold.Default)).EndOfLifeReached);

        var after = await target.ForecastAsync(EolThreshold.Default);
        Assert.NotSame(before, after);
        Assert.Equal(2, after.Basis!.ReferenceCells);
        Assert.NotEqual(before.Basis!.FleetVersion, after.Basis.FleetVersion);
    }
}
