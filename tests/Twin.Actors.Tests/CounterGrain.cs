using System.Collections.Concurrent;
using Twin.Actors.Hosting;

namespace Twin.Actors.Tests;

public sealed class CounterState
{
    public int Count { get; set; }
    public List<int> Seen { get; set; } = [];
}

/// <summary>What the test grains report back to the test; one per test.</summary>
internal sealed class Probe
{
    private int _live;
    public int Instances;
    public int Overlaps;
    public int MaxLive;
    public TaskCompletionSource DeactivationStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public Task DeactivationGate { get; set; } = Task.CompletedTask;
    public ConcurrentQueue<string> Deactivated { get; } = new();
    public TaskCompletionSource<string> FirstDeactivated { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public Func<string, bool>? FailActivation { get; set; }

    public void Activated()
    {
        var live = Interlocked.Increment(ref _live);
        int max;
        while (live > (max = Volatile.Read(ref MaxLive)) && Interlocked.CompareExchange(ref MaxLive, live, max) != max)
        {
        }
    }

    public void Deactivating(string key)
    {
        Interlocked.Decrement(ref _live);
        Deactivated.Enqueue(key);
        FirstDeactivated.TrySetResult(key);
    }
}

/// <summary>A small grain: a counter kept in persistent state, written on deactivation.</summary>
internal sealed class CounterGrain : IGrainBase
{
    private readonly IPersistentState<CounterState> _state;
    private readonly Probe _probe;
    private int _inside;

    public CounterGrain(GrainActivationContext context, Probe probe)
    {
        Key = context.Key;
        _probe = probe;
        _state = context.GetPersistentState<CounterState>("counter");
        Instance = Interlocked.Increment(ref probe.Instances);
    }

    public string Key { get; }
    public int Instance { get; }
    public CounterState State => _state.State;
    public IPersistentState<CounterState> Persistent => _state;

    public Task OnActivateAsync(CancellationToken ct)
    {
        if (_probe.FailActivation?.Invoke(Key) == true)
            throw new InvalidOperationException($"activation of {Key} refused");
        _probe.Activated();
        return Task.CompletedTask;
    }

    public async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken ct)
    {
        _probe.DeactivationStarted.TrySetResult();
        await _probe.DeactivationGate;
        await _state.WriteStateAsync(ct);
        _probe.Deactivating(Key);
    }

    public async ValueTask<int> AddAsync(int n)
    {
        if (Interlocked.Increment(ref _inside) > 1)
            Interlocked.Increment(ref _probe.Overlaps);
        await Task.Yield();
        State.Count += n;
        State.Seen.Add(n);
        await Task.Yield();
        Interlocked.Decrement(ref _inside);
        return State.Count;
    }
}
