using Twin.Actors.Hosting;

namespace Twin.Actors.Tests;

public sealed class GrainCollectorTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TheBackgroundCollectorDeactivatesIdleGrainsAndFlushesTheRestOnStop()
    {
        await using var f = new HostFixture();
        var store = await f.OpenStoreAsync();
        var host = f.Host(store, new GrainHostOptions { CollectionQuantum = TimeSpan.FromMinutes(1) });
        using var collector = new GrainCollector<CounterGrain>(host, f.Time);
        await collector.StartAsync(CancellationToken.None);

        await host.InvokeAsync("old", (g, _) => g.AddAsync(1));
        f.Time.Advance(TimeSpan.FromMinutes(10));
        await host.InvokeAsync("new", (g, _) => g.AddAsync(2));
        for (var minute = 0; minute < 6; minute++)
            f.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("old", await f.Probe.FirstDeactivated.Task.WaitAsync(Wait));

        await collector.StopAsync(CancellationToken.None);
        Assert.Equal(0, host.ActivationCount);
        Assert.Equal(["old", "new"], f.Probe.Deactivated);
        Assert.Contains("\"count\":2", (await store.ReadAsync("CounterGrain/counter", "new")).Json);
    }

    [Fact]
    public async Task ADisposedHostRefusesNewCalls()
    {
        await using var f = new HostFixture();
        var host = f.Host(await f.OpenStoreAsync());
        await host.InvokeAsync("a", (g, _) => g.AddAsync(1));

        await host.DisposeAsync();

        Assert.Equal(1, host.Deactivations);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => host.InvokeAsync("a", (g, _) => g.AddAsync(1)).AsTask());
    }
}
