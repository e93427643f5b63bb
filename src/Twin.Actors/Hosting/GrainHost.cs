using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Twin.Actors.Hosting.Internal;
using Twin.Storage;

namespace Twin.Actors.Hosting;

/// <summary>
/// An in-process grain directory shaped like Orleans: one activation of
/// <typeparamref name="TGrain"/> per key, created on first use; calls to one activation run one
/// at a time in arrival order (grain code needs no locks), calls to different keys in
/// parallel. Idle activations are collected by age (<see cref="CollectIdleAsync"/>, run
/// periodically by <see cref="GrainCollector{TGrain}"/>), and everything is flushed by
/// <see cref="DeactivateAllAsync"/> on shutdown.
/// </summary>
public sealed class GrainHost<TGrain> : IAsyncDisposable where TGrain : class, IGrainBase
{
    private readonly ConcurrentDictionary<string, Activation<TGrain>> _activations = new(StringComparer.Ordinal);
    private readonly Func<string, Activation<TGrain>> _newActivation;
    private readonly IGrainStateStore? _stateStore;
    private readonly IServiceProvider _services;
    private readonly GrainHostOptions _options;
    private readonly string _grainType;
    private readonly CancellationTokenSource _stopping = new();
    private int _limitCollectionRunning;
    private int _disposed;
    private long _activationsCreated;
    private long _deactivations;
    private long _activationFailures;

    public GrainHost(
        Func<GrainActivationContext, TGrain> factory,
        IGrainStateStore? stateStore = null,
        GrainHostOptions? options = null,
        TimeProvider? time = null,
        ILogger<GrainHost<TGrain>>? logger = null,
        IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _options = options ?? new GrainHostOptions();
        _options.Validate();
        Factory = factory;
        _stateStore = stateStore;
        Time = time ?? TimeProvider.System;
        Log = new GrainHostLog(logger ?? (ILogger)NullLogger.Instance, typeof(TGrain).Name);
        _services = services ?? EmptyServiceProvider.Instance;
        _grainType = _options.GrainType ?? typeof(TGrain).Name;
        _newActivation = key => new Activation<TGrain>(this, key);
    }

    /// <summary>Live activations (including ones whose first call is still activating).</summary>
    public int ActivationCount => _activations.Count;

    /// <summary>Activations that completed OnActivateAsync since the host started.</summary>
    public long ActivationsCreated => Interlocked.Read(ref _activationsCreated);

    /// <summary>Activations deactivated (OnDeactivateAsync run) since the host started.</summary>
    public long Deactivations => Interlocked.Read(ref _deactivations);

    /// <summary>Activations whose factory, state read or OnActivateAsync threw.</summary>
    public long ActivationFailures => Interlocked.Read(ref _activationFailures);

    public GrainHostOptions Options => _options;

    internal TimeProvider Time { get; }
    internal GrainHostLog Log { get; }
    internal Func<GrainActivationContext, TGrain> Factory { get; }
    internal CancellationToken Stopping => _stopping.Token;

    /// <summary>
    /// Runs <paramref name="call"/> on the activation for <paramref name="key"/>, creating it
    /// first if needed. The call's exception goes to the caller and leaves the activation
    /// alive. Cancelling <paramref name="ct"/> while the call is queued cancels it without
    /// running; once running, the call sees the token itself.
    /// </summary>
    public ValueTask<T> InvokeAsync<T>(string key, Func<TGrain, CancellationToken, ValueTask<T>> call, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(call);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (ct.IsCancellationRequested)
            return ValueTask.FromCanceled<T>(ct);
        var item = new CallItem<TGrain, T>(call, ct);
        Dispatch(key, item);
        return new ValueTask<T>(item.Task);
    }

    /// <inheritdoc cref="InvokeAsync{T}"/>
    public async ValueTask InvokeAsync(string key, Func<TGrain, CancellationToken, ValueTask> call, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        await InvokeAsync(key, async (grain, token) =>
        {
            await call(grain, token).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Deactivates every activation that received no call for
    /// <see cref="GrainHostOptions.CollectionAge"/>, and, above
    /// <see cref="GrainHostOptions.MaxActivations"/>, the least recently used quiet ones.
    /// Returns how many were deactivated, after their OnDeactivateAsync finished.
    /// </summary>
    public async Task<int> CollectIdleAsync(CancellationToken ct = default)
    {
        var age = _options.CollectionAge;
        var requests = new List<Task<bool>>();
        List<Activation<TGrain>>? others = null;
        foreach (var activation in _activations.Values)
        {
            if (Time.GetElapsedTime(activation.LastUsed) >= age)
                requests.Add(Request(activation, DeactivationReason.Idle(age), DeactivationMode.IfIdle, ct));
            else if (_options.MaxActivations is not null)
                (others ??= []).Add(activation);
        }

        if (_options.MaxActivations is { } max && others is not null)
        {
            var excess = _activations.Count - requests.Count - max;
            if (excess > 0)
            {
                foreach (var activation in others.Where(a => !a.HasQueuedCalls).OrderBy(a => a.LastUsed).Take(excess))
                    requests.Add(Request(activation, DeactivationReason.Limit, DeactivationMode.IfNotQueued, ct));
            }
        }

        var done = await Task.WhenAll(requests).ConfigureAwait(false);
        return done.Count(deactivated => deactivated);
    }

    /// <summary>Deactivates the activation of <paramref name="key"/>, if any; the next call activates afresh.</summary>
    public async Task<bool> DeactivateAsync(string key, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_activations.TryGetValue(key, out var activation))
            return false;
        var deactivated = await Request(activation, DeactivationReason.Requested, DeactivationMode.Always, ct).ConfigureAwait(false);
        await activation.Closed.WaitAsync(ct).ConfigureAwait(false);
        return deactivated;
    }

    /// <summary>
    /// Deactivates every activation (each runs OnDeactivateAsync, where grains write their
    /// state) and waits for all of them. Calls arriving meanwhile are still served.
    /// </summary>
    public async Task DeactivateAllAsync(CancellationToken ct = default)
    {
        while (!_activations.IsEmpty)
        {
            var closing = new List<Task>();
            foreach (var activation in _activations.Values)
            {
                _ = Request(activation, DeactivationReason.ShuttingDown, DeactivationMode.Always, ct);
                closing.Add(activation.Closed);
            }
            await Task.WhenAll(closing).WaitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Refuses new calls, deactivates everything (<see cref="DeactivateAllAsync"/>), then
    /// cancels work still tied to the host. Calls already queued are still served.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await DeactivateAllAsync().ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
    }

    private Task<bool> Request(Activation<TGrain> activation, DeactivationReason reason, DeactivationMode mode, CancellationToken ct)
    {
        var request = new DeactivateItem<TGrain>(reason, mode, _options.CollectionAge, ct);
        return activation.TryEnqueue(request) ? request.Done : Task.FromResult(false);
    }

    internal void Dispatch(string key, WorkItem<TGrain> item)
    {
        var activation = _activations.GetOrAdd(key, _newActivation);
        if (activation.TryEnqueue(item))
        {
            if (_options.MaxActivations is { } max && _activations.Count > max)
                StartLimitCollection();
            return;
        }
        _ = DispatchAfterCloseAsync(key, item, activation);
    }

    /// <summary>The activation found was deactivating: wait until it is gone, then use the next one.</summary>
    private async Task DispatchAfterCloseAsync(string key, WorkItem<TGrain> item, Activation<TGrain> closing)
    {
        try
        {
            while (true)
            {
                await closing.Closed.ConfigureAwait(false);
                var next = _activations.GetOrAdd(key, _newActivation);
                if (next.TryEnqueue(item))
                    return;
                closing = next;
            }
        }
        catch (Exception e)
        {
            item.Fail(e);
        }
    }

    private void StartLimitCollection()
    {
        if (Interlocked.CompareExchange(ref _limitCollectionRunning, 1, 0) != 0)
            return;
        _ = Task.Run(async () =>
        {
            try
            {
                await CollectIdleAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Log.CollectionFailed(e);
            }
            finally
            {
                Volatile.Write(ref _limitCollectionRunning, 0);
            }
        });
    }

    internal GrainActivationContext CreateContext(string key) =>
        new(key, _grainType, _stateStore, _services, _options.SerializerOptions);

    internal void Remove(Activation<TGrain> activation) =>
        _activations.TryRemove(new KeyValuePair<string, Activation<TGrain>>(activation.Key, activation));

    internal void OnActivated(string key)
    {
        Interlocked.Increment(ref _activationsCreated);
        Log.Activated(key);
    }

    internal void OnActivationFailed(Exception error, string key)
    {
        Interlocked.Increment(ref _activationFailures);
        Log.ActivationFailed(error, key);
    }

    internal void OnDeactivated(string key, DeactivationReason reason)
    {
        Interlocked.Increment(ref _deactivations);
        Log.Deactivated(key, reason.ReasonCode);
    }

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public static readonly EmptyServiceProvider Instance = new();
        public object? GetService(Type serviceType) => null;
    }
}
