using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Serialization;
using Twin.Actors.Cells;
using Twin.Core.Cycles;
using Twin.Core.Fade;
using Twin.Core.Twins;
using Twin.Storage;

namespace Twin.Actors.Tests;

public sealed class CellGrainTests : IAsyncLifetime
{
    static readonly FadeLaw Truth = new(700, 2.0);
    readonly SiloFixture _f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _f.DisposeAsync().AsTask();

    /// <summary>Stores cycles <paramref name="from"/>…<paramref name="to"/> the way <c>twin import</c> does: in the store, no grain told.</summary>
    async Task StoreCyclesAsync(string id, int from, int to)
    {
        var rows = Enumerable.Range(from, to - from + 1).Select(n => new CycleRecord(id, n, 1.1 * Truth.Soh(n))).ToArray();
        Assert.Equal(rows.Length, (await _f.Store.AppendAsync(rows, AppendMode.AllOrNothing)).Inserted);
    }

    [Fact]
    public async Task CyclesStoredWithoutTellingTheGrainAreSeenOnceTheStoreCheckIntervalHasPassed()
    {
        var grains = await _f.StartSiloAsync();
        await _f.RegisterAsync("import-1");
        await StoreCyclesAsync("import-1", 1, 100);
        var twin = grains.GetGrain<ICellGrain>("import-1");
        Assert.Equal(100, (await twin.ForecastAsync(EolThreshold.Default)).LastCycle);

        await StoreCyclesAsync("import-1", 101, 250);

        // Within the interval the warm forecast is served without asking the store.
        Assert.Equal(100, (await twin.ForecastAsync(EolThreshold.Default)).LastCycle);
        _f.Time.Advance(_f.Options.StoreCheckInterval);
        var state = await twin.GetStateAsync();
        Assert.Equal(250, state.LastCycle);
        Assert.Equal(250, state.CyclesStored);
        Assert.False(state.Stale);
    }

    [Fact]
    public async Task ARestartedServerRefitsATwinWhoseCyclesGrewWhileItWasDown()
    {
        var first = await _f.StartSiloAsync();
        await _f.RegisterAsync("restart-1");
        await StoreCyclesAsync("restart-1", 1, 120);
        Assert.Equal(120, (await first.GetGrain<ICellGrain>("restart-1").GetStateAsync()).CyclesObserved);
        await _f.StopSiloAsync(0);

        await StoreCyclesAsync("restart-1", 121, 300);
        var second = await _f.StartSiloAsync();

        var state = await second.GetGrain<ICellGrain>("restart-1").GetStateAsync();
        Assert.Equal(300, state.CyclesObserved);
        Assert.Equal(300, state.LastCycle);
    }

    [Fact]
    public async Task DeletingACellWhoseTwinWasUsedDropsItsStateAndTheIdStartsAFreshTwin()
    {
        var grains = await _f.StartSiloAsync();
        await _f.RegisterAsync("del-1");
        await StoreCyclesAsync("del-1", 1, 50);
        var twin = grains.GetGrain<ICellGrain>("del-1");
        Assert.Equal(50, (await twin.GetStateAsync()).CyclesObserved);
        Assert.True((await _f.Store.ReadAsync("cell/twin", "del-1")).Exists);

        Assert.True(await _f.Store.DeleteCellAsync("del-1"));
        await twin.DeletedAsync();

        Assert.False((await _f.Store.ReadAsync("cell/twin", "del-1")).Exists);
        await Assert.ThrowsAsync<UnknownCellException>(() => twin.ForecastAsync(EolThreshold.Default).AsTask());
        await _f.RegisterAsync("del-1");
        var fresh = await twin.GetStateAsync();
        Assert.Equal(0, fresh.CyclesObserved);
        Assert.True((await _f.Store.ReadAsync("cell/twin", "del-1")).Exists);
    }

    [Fact]
    public async Task TheTwinStateIsFlushedWhenTheSiloStops()
    {
        var grains = await _f.StartSiloAsync();
        await _f.RegisterAsync("flush-1");
        await StoreCyclesAsync("flush-1", 1, 80);
        var twin = grains.GetGrain<ICellGrain>("flush-1");
        await twin.GetStateAsync();
        _f.Time.Advance(TimeSpan.FromHours(1));
        await StoreCyclesAsync("flush-1", 81, 90);
        await twin.CyclesAppendedAsync(new CyclesAppended(10, 90));

        await _f.StopSiloAsync(0);

        var stored = await _f.Store.ReadAsync("cell/twin", "flush-1");
        Assert.Contains("\"lastDataAt\":\"2026-12-01T01:00:00+00:00\"", stored.Json);
        Assert.Contains("\"stale\":true", stored.Json);
    }

    [Fact]
    public async Task AStateWrittenByAnotherSiloIsReReadAndTheTwinRefitsInsteadOfFailing()
    {
        var a = await _f.StartSiloAsync();
        var b = await _f.StartSiloAsync();
        await _f.RegisterAsync("etag-1");
        await StoreCyclesAsync("etag-1", 1, 100);
        Assert.Equal(100, (await a.GetGrain<ICellGrain>("etag-1").GetStateAsync()).CyclesObserved);
        // Silo b's activation writes over a's state: a's ETag is now old.
        await StoreCyclesAsync("etag-1", 101, 150);
        Assert.Equal(150, (await b.GetGrain<ICellGrain>("etag-1").GetStateAsync()).CyclesObserved);

        await StoreCyclesAsync("etag-1", 151, 200);
        var twinA = a.GetGrain<ICellGrain>("etag-1");
        await twinA.CyclesAppendedAsync(new CyclesAppended(50, 200));
        var conflicted = await twinA.ForecastAsync(EolThreshold.Default);

        Assert.Equal(200, conflicted.LastCycle);
        var settled = await twinA.GetStateAsync();
        Assert.Equal(200, settled.CyclesObserved);
        Assert.Contains("\"cyclesObserved\":200", (await _f.Store.ReadAsync("cell/twin", "etag-1")).Json);
    }

    [Fact]
    public async Task AWarmForecastIsTheCachedInstanceInsideTheSiloAndRoundTripsThroughTheSerializer()
    {
        var grains = await _f.StartSiloAsync();
        await _f.RegisterAsync("wire-1");
        await StoreCyclesAsync("wire-1", 1, 200);
        var twin = grains.GetGrain<ICellGrain>("wire-1");
        var first = await twin.ForecastAsync(EolThreshold.Default);

        Assert.Same(first, await twin.ForecastAsync(EolThreshold.Default));

        var serializer = _f.Services(0).GetRequiredService<Serializer>();
        var copy = serializer.Deserialize<TwinForecast>(serializer.SerializeToArray(first));
        Assert.NotNull(copy);
        Assert.Equal(first with { EolIntervals = [] }, copy with { EolIntervals = [] });
        Assert.Equal(first.EolIntervals, copy.EolIntervals);
        var threshold = serializer.Deserialize<EolThreshold>(serializer.SerializeToArray(EolThreshold.Parse("0.9Ah")));
        Assert.Equal(EolThreshold.Parse("0.9Ah"), threshold);
        var state = await twin.GetStateAsync();
        var stateCopy = serializer.Deserialize<CellTwinState>(serializer.SerializeToArray(state));
        Assert.NotNull(stateCopy);
        Assert.Equal(state.EolP50, stateCopy.EolP50);
        Assert.Equal(state.Anomalies, stateCopy.Anomalies);
    }

    [Fact]
    public async Task TheCollectionAgeConfiguredIsTheSilosAndTheSweepRunsMoreOften()
    {
        _f.Options.CollectionAge = TimeSpan.FromSeconds(30);
        await _f.StartSiloAsync();

        var collection = _f.Services(0).GetRequiredService<IOptions<GrainCollectionOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(30), collection.CollectionAge);
        Assert.True(collection.CollectionQuantum < collection.CollectionAge);
    }
}
