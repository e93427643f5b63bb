using System.Threading.Channels;

namespace Twin.Actors.Hosting.Internal;

/// <summary>
/// One live grain instance and its mailbox. Calls run one at a time in arrival order (turns),
/// on the thread pool, by a processing loop that is started when a message arrives and
/// exits when the mailbox is empty, so an idle activation holds no task or thread.
///
/// Life: created empty by the directory → first call activates the grain (states read,
/// OnActivateAsync) → calls → a deactivation turn closes the mailbox, runs
/// OnDeactivateAsync, removes the activation from the directory, re-sends any message that
/// slipped in meanwhile and only then completes <see cref="Closed"/>. Callers that find the
/// mailbox closed wait for <see cref="Closed"/> and go to the next activation, so one key
/// never has two live activations in this host.
/// </summary>
internal sealed class Activation<TGrain> : IThreadPoolWorkItem where TGrain : class, IGrainBase
{
    private static readonly UnboundedChannelOptions MailboxOptions = new() { SingleReader = true, AllowSynchronousContinuations = false };

    private readonly GrainHost<TGrain> _host;
    private readonly Channel<WorkItem<TGrain>> _mailbox = Channel.CreateUnbounded<WorkItem<TGrain>>(MailboxOptions);
    private TGrain? _grain;
    private int _running;
    private int _queuedCalls;
    private long _lastUsed;
    private bool _removed;
    private TaskCompletionSource? _closed;

    public Activation(GrainHost<TGrain> host, string key)
    {
        _host = host;
        Key = key;
        _lastUsed = host.Time.GetTimestamp();
    }

    public string Key { get; }

    /// <summary>The timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the last call received or finished.</summary>
    public long LastUsed => Volatile.Read(ref _lastUsed);

    /// <summary>No call waiting in the mailbox (a hint; the deactivation turn re-checks).</summary>
    public bool HasQueuedCalls => Volatile.Read(ref _queuedCalls) > 0;

    /// <summary>Completes once this activation is deactivated and gone from the directory.</summary>
    public Task Closed
    {
        get
        {
            lock (_mailbox)
            {
                _closed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_removed)
                    _closed.TrySetResult();
                return _closed.Task;
            }
        }
    }

    /// <summary>Queues a call; false when the mailbox is closed (deactivating or gone).</summary>
    public bool TryEnqueue(WorkItem<TGrain> item)
    {
        var isCall = item is CallItem<TGrain>;
        if (isCall)
        {
            Touch();
            Interlocked.Increment(ref _queuedCalls);
        }
        if (!_mailbox.Writer.TryWrite(item))
        {
            if (isCall)
                Interlocked.Decrement(ref _queuedCalls);
            return false;
        }
        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        return true;
    }

    void IThreadPoolWorkItem.Execute() => _ = RunAsync();

    private async Task RunAsync()
    {
        while (true)
        {
            while (_mailbox.Reader.TryRead(out var item))
                await ProcessAsync(item).ConfigureAwait(false);

            // Release the loop, then look again: a writer may have queued between our last
            // read and the release and seen the loop still running.
            Interlocked.Exchange(ref _running, 0);
            if (!_mailbox.Reader.TryPeek(out _) || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
                return;
        }
    }

    private async Task ProcessAsync(WorkItem<TGrain> item)
    {
        try
        {
            switch (item)
            {
                case DeactivateItem<TGrain> deactivate:
                    await DeactivateAsync(deactivate).ConfigureAwait(false);
                    break;
                case CallItem<TGrain> call:
                    Interlocked.Decrement(ref _queuedCalls);
                    if (!call.TryStart())
                        break;
                    if (_grain is null && !await TryActivateAsync(call).ConfigureAwait(false))
                        break;
                    await call.RunAsync(_grain!, this).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception e)
        {
            // Calls and lifecycle methods catch their own exceptions; this is a host bug.
            _host.Log.TurnFailed(e, Key);
            item.Fail(e);
        }
    }

    private async Task<bool> TryActivateAsync(CallItem<TGrain> firstCall)
    {
        try
        {
            var context = _host.CreateContext(Key);
            var grain = _host.Factory(context);
            await context.ReadStatesAsync(_host.Stopping).ConfigureAwait(false);
            await grain.OnActivateAsync(_host.Stopping).ConfigureAwait(false);
            _grain = grain;
            _host.OnActivated(Key);
            return true;
        }
        catch (Exception e)
        {
            // The failing call gets the error; anything queued behind it tries a fresh activation.
            _host.OnActivationFailed(e, Key);
            firstCall.Fail(e);
            _mailbox.Writer.TryComplete();
            Close();
            return false;
        }
    }

    private async Task DeactivateAsync(DeactivateItem<TGrain> request)
    {
        var declined = request.Mode switch
        {
            DeactivationMode.IfIdle => HasQueuedCalls || _host.Time.GetElapsedTime(LastUsed) < request.IdleAge,
            DeactivationMode.IfNotQueued => HasQueuedCalls,
            _ => false,
        };
        if (declined || !_mailbox.Writer.TryComplete())
        {
            request.Complete(false);
            return;
        }

        if (_grain is { } grain)
        {
            try
            {
                await grain.OnDeactivateAsync(request.Reason, request.CancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Orleans drops the activation anyway; the error is logged, the next activation re-reads state.
                _host.Log.DeactivationFailed(e, Key, request.Reason.ReasonCode);
            }
            _grain = null;
            _host.OnDeactivated(Key, request.Reason);
        }
        Close();
        request.Complete(true);
    }

    /// <summary>Leaves the directory, re-sends what slipped in after closing, then releases waiters.</summary>
    private void Close()
    {
        _host.Remove(this);
        while (_mailbox.Reader.TryRead(out var late))
        {
            if (late is DeactivateItem<TGrain> superseded)
                superseded.Complete(false);
            else
                _host.Dispatch(Key, late);
        }
        lock (_mailbox)
        {
            _removed = true;
            _closed?.TrySetResult();
        }
    }

    public void Touch() => Volatile.Write(ref _lastUsed, _host.Time.GetTimestamp());
}
