using Twin.Actors.Hosting;
using Twin.Storage;

namespace Twin.Actors.Tests;

public sealed class GrainHostTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ConcurrentCallsToOneKeyShareOneActivation()
    {
        await using var f = new HostFixture();
        var host = f.Host(await f.OpenStoreAsync());

        var instances = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Task.Run(() => host.InvokeAsync("a", (g, _) => ValueTask.FromResult(g.Instance)).AsTask())));

        Assert.All(instances, i => Assert.Equal(1, i));
        Assert.Equal(1, f.Probe.Instances);
        Assert.Equal(1, host.ActivationCount);
        Assert.Equal(1, host.ActivationsCreated);
    }

    [Fact]
    public async Task CallsToOneActivationRunInTheOrderTheyWereSent()
    {
        await using var f = new HostFixture();
        var host = f.Host(await f.OpenStoreAsync());

        var calls = Enumerable.Range(0, 200).Select(i => host.InvokeAsync("a", (g, _) => g.AddAsync(i)).AsTask()).ToList();
        await Task.WhenAll(calls);

        var seen = await host.InvokeAsync("a", (g, _) => ValueTask.FromResult(g.State.Seen.ToList()));
        Assert.Equal(Enumerable.Range(0, 200), seen);
    }

    [Fact]
    public async Task CallsToOneActivationNeverOverlapEvenFromManyThreads()
    {
        await using var f = new HostFixture();
        var host = f.Host(await f.OpenStoreAsync());

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var calls = Enumerable.Range(0, 50).Select(_ => host.InvokeAsync("a", (g, _) => g.AddAsync(1)).AsTask()).ToList();
            await Task.WhenAll(calls);
        })));

        Assert.Equal(0, f.Probe.Overlaps);
        Assert.Equal(400, await host.InvokeAsync("a", (g, _) => ValueTask.FromResult(g.State.Count)));
    }

    [Fact]
    public async Task CallsToDifferentKeysRunInParallel()
    {
        await using var f = new HostFixture();
        var host = f.Host(await f.OpenStoreAsync());
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var blocked = host.InvokeAsync("a", async (g, _) =>
        {
            started.SetResult();
            return await release.Task;
        }).AsTask();
        await started.Task.WaitAsync(Wait);

        Assert.Equal(7, await host.InvokeAsync("b", (g, _) => g.AddAsync(7)).AsTask().WaitAsync(Wait));
        Assert.False(blocked.IsCompleted);
        release.SetResult(42);
        Assert.Equal(42, await blocked.WaitAsync(Wait));
    }

    [Fact]
    public async Task AnExceptionReachesTheCallerAndTheActivationLivesOn()
    {
        await using var f = new HostFixture();
        var host = f.Host(await f.OpenStoreAsync());
        await host.InvokeAsync("a", (g, _) => g.AddAsync(1));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            host.InvokeAsync<int>("a", (g, _) => throw new InvalidOperationException("bad cycle")).AsTask());

        Assert.Equal("bad cycle", error.Message);
        Assert.Equal(2, await host.InvokeAsync("a", (g, _) => g.AddAsync(1)));
        Assert.Equal(1, f.Probe.Instances);
    }

    [Fact]
    public async Task CancellingAQueuedCallRemovesItWithoutRunningIt()
    {
        await using var f = new HostFixture();
        var host = f.Host(await f.OpenStoreAsync());
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocked = host.InvokeAsync("a", async (g, _) =>
        {
            started.SetResult();
            await release.Task;
        }).AsTask();
        await started.Task.WaitAsync(Wait);

        using var cts = new CancellationTokenSource();
        var queued = host.InvokeAsync("a", (g, _) => g.AddAsync(100), cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(Wait));
        release.SetResult();
        await blocked.WaitAsync(Wait);
        Assert.Equal(1, await host.InvokeAsync("a", (g, _) => g.AddAsync(1)));
    }

    [Fact]
    public async Task AFailedActivationFailsItsCallAndTheNextCallActivatesAgain()
    {
        await using var f = new HostFixture();
        var host = f.Host(await f.OpenStoreAsync());
        f.Probe.FailActivation = _ => true;

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.InvokeAsync("a", (g, _) => g.AddAsync(1)).AsTask());
        Assert.Equal(0, host.ActivationCount);
        Assert.Equal(1, host.ActivationFailures);

        f.Probe.FailActivation = null;
        Assert.Equal(1, await host.InvokeAsync("a", (g, _) => g.AddAsync(1)));
        Assert.Equal(1, host.ActivationsCreated);
    }

    [Fact]
    public async Task AnIdleActivationIsCollectedAfterTheCollectionAgeAndItsStateWritten()
    {
        await using var f = new HostFixture();
        var store = await f.OpenStoreAsync();
        var host = f.Host(store);
        await host.InvokeAsync("a", (g, _) => g.AddAsync(5));

        f.Time.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(0, await host.CollectIdleAsync());
        Assert.Equal(1, host.ActivationCount);

        f.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await host.CollectIdleAsync());

        Assert.Equal(0, host.ActivationCount);
        Assert.Equal(1, host.Deactivations);
        var stored = await store.ReadAsync("CounterGrain/counter", "a");
        Assert.Equal("""{"count":5,"seen":[5]}""", stored.Json);
    }

    [Fact]
    public async Task ARecentlyUsedActivationIsNotCollected()
    {
        await using var f = new HostFixture();
        var host = f.Host(await f.OpenStoreAsync());
        await host.InvokeAsync("a", (g, _) => g.AddAsync(1));
        await host.InvokeAsync("b", (g, _) => g.AddAsync(1));
        f.Time.Advance(TimeSpan.FromMinutes(10));
        await host.InvokeAsync("b", (g, _) => g.AddAsync(1));
        f.Time.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(1, await host.CollectIdleAsync());
        Assert.Equal(["a"], f.Probe.Deactivated);
        Assert.Equal(1, host.ActivationCount);
    }

    [Fact]
    public async Task ACallDuringDeactivationWaitsForItAndGetsAFreshActivationThatSeesThePersistedState()
    {
        await using var f = new HostFixture();
        var host = f.Host(await f.OpenStoreAsync());
        await host.InvokeAsync("a", (g, _) => g.AddAsync(5));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        f.Probe.DeactivationGate = gate.Task;

        f.Time.Advance(TimeSpan.FromMinutes(16));
        var collecting = host.CollectIdleAsync();
        await f.Probe.DeactivationStarted.Task.WaitAsync(Wait);
        var call = host.InvokeAsync("a", (g, _) => ValueTask.FromResult((g.Instance, g.State.Count))).AsTask();

        Assert.False(call.IsCompleted);
        Assert.Equal(1, f.Probe.Instances);
        gate.SetResult();

        Assert.Equal(1, await collecting.WaitAsync(Wait));
        Assert.Equal((2, 5), await call.WaitAsync(Wait));
        Assert.Equal(1, f.Probe.MaxLive);
        Assert.Equal(1, host.ActivationCount);
    }

    [Fact]
    public async Task DeactivateAllWritesTheStateOfEveryActivation()
    {
        await using var f = new HostFixture();
        var store = await f.OpenStoreAsync();
        var host = f.Host(store);
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => host.InvokeAsync($"k{i}", (g, _) => g.AddAsync(i)).AsTask()));

        await host.DeactivateAllAsync();

        Assert.Equal(0, host.ActivationCount);
        Assert.Equal(50, host.Deactivations);
        for (var i = 0; i < 50; i++)
            Assert.Contains($"\"count\":{i},", (await store.ReadAsync("CounterGrain/counter", $"k{i}")).Json);
    }

    [Fact]
    public async Task DeactivatingOneKeyLetsTheNextCallActivateItAgain()
    {
        await using var f = new HostFixture();
        var host = f.Host(await f.OpenStoreAsync());
        await host.InvokeAsync("a", (g, _) => g.AddAsync(2));

        Assert.True(await host.DeactivateAsync("a"));
        Assert.False(await host.DeactivateAsync("a"));

        Assert.Equal(5, await host.InvokeAsync("a", (g, _) => g.AddAsync(3)));
        Assert.Equal(2, f.Probe.Instances);
    }

    [Fact]
    public async Task GoingOverMaxActivationsCollectsTheLeastRecentlyUsed()
    {
        await using var f = new HostFixture();
        var host = f.Host(await f.OpenStoreAsync(), new GrainHostOptions { MaxActivations = 3 });
        foreach (var key in new[] { "a", "b", "c" })
        {
            await host.InvokeAsync(key, (g, _) => g.AddAsync(1));
            f.Time.Advance(TimeSpan.FromSeconds(1));
        }
        await host.InvokeAsync("a", (g, _) => g.AddAsync(1));
        f.Time.Advance(TimeSpan.FromSeconds(1));

        await host.InvokeAsync("d", (g, _) => g.AddAsync(1));

        Assert.Equal("b", await f.Probe.FirstDeactivated.Task.WaitAsync(Wait));
        await host.CollectIdleAsync();
        Assert.Equal(3, host.ActivationCount);
        Assert.Equal(["b"], f.Probe.Deactivated);
    }

    [Fact]
    public async Task TwoHostsWritingTheSameGrainConflictOnTheEtag()
    {
        await using var f = new HostFixture();
        var nodeA = f.Host(await f.OpenStoreAsync());
        var nodeB = f.Host(await f.OpenStoreAsync());
        await nodeA.InvokeAsync("a", (g, _) => g.AddAsync(1));
        await nodeB.InvokeAsync("a", (g, _) => g.AddAsync(2));

        await nodeA.InvokeAsync("a", async (g, ct) => await g.Persistent.WriteStateAsync(ct));
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() =>
            nodeB.InvokeAsync("a", async (g, ct) => await g.Persistent.WriteStateAsync(ct)).AsTask());

        Assert.Null(error.CurrentEtag);
        Assert.NotNull(error.StoredEtag);
        // The losing activation is still alive; re-reading adopts the winner's state.
        await nodeB.InvokeAsync("a", async (g, ct) => await g.Persistent.ReadStateAsync(ct));
        Assert.Equal(1, await nodeB.InvokeAsync("a", (g, _) => ValueTask.FromResult(g.State.Count)));
    }

    [Fact]
    public async Task StateSurvivesARestartOfTheHostOverTheSameDatabaseFile()
    {
        await using var f = new HostFixture();
        await using (var store = await f.OpenStoreAsync())
        {
            var host = f.Host(store);
            await host.InvokeAsync("a", (g, _) => g.AddAsync(3));
            await host.DisposeAsync();
        }

        var restarted = f.Host(await f.OpenStoreAsync());
        Assert.Equal(7, await restarted.InvokeAsync("a", (g, _) => g.AddAsync(4)));
        Assert.Equal([3, 4], await restarted.InvokeAsync("a", (g, _) => ValueTask.FromResult(g.State.Seen)));
    }

    [Fact]
    public async Task ManyKeysUnderLoadNeverHaveTwoLiveActivations()
    {
        await using var f = new HostFixture();
        var host = f.Host(await f.OpenStoreAsync(), new GrainHostOptions { CollectionAge = TimeSpan.FromSeconds(1) });

        var callers = Enumerable.Range(0, 4).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
                await host.InvokeAsync($"k{i % 5}", (g, _) => g.AddAsync(1));
        })).ToList();
        var collector = Task.Run(async () =>
        {
            while (!callers.All(c => c.IsCompleted))
            {
                f.Time.Advance(TimeSpan.FromSeconds(2));
                await host.CollectIdleAsync();
            }
        });
        await Task.WhenAll(callers).WaitAsync(Wait);
        await collector.WaitAsync(Wait);
        await host.DeactivateAllAsync();

        var total = 0;
        var store = await f.OpenStoreAsync();
        for (var k = 0; k < 5; k++)
        {
            var json = (await store.ReadAsync("CounterGrain/counter", $"k{k}")).Json!;
            total += System.Text.Json.JsonSerializer.Deserialize<CounterState>(json, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!.Count;
        }
        Assert.Equal(800, total);
        Assert.Equal(0, f.Probe.Overlaps);
    }
}
