namespace Twin.Actors.Hosting.Internal;

/// <summary>One message in an activation's mailbox.</summary>
internal abstract class WorkItem<TGrain> where TGrain : class, IGrainBase
{
    /// <summary>Fails the caller without running (activation failed, host gone).</summary>
    public abstract void Fail(Exception error);
}

/// <summary>A caller's call, whatever it returns.</summary>
internal abstract class CallItem<TGrain> : WorkItem<TGrain> where TGrain : class, IGrainBase
{
    /// <summary>
    /// Stops listening for cancellation-while-queued; false when the call was already
    /// cancelled (or failed) and must be skipped. From here on the call owns its token.
    /// </summary>
    public abstract bool TryStart();

    /// <summary>
    /// Runs the call as one turn; never throws (the outcome goes to the caller). The
    /// activation is touched before the caller resumes, so idle age counts from the reply.
    /// </summary>
    public abstract Task RunAsync(TGrain grain, Activation<TGrain> activation);
}

/// <summary>A caller's call: runs as one turn and completes the caller's task.</summary>
internal sealed class CallItem<TGrain, T> : CallItem<TGrain> where TGrain : class, IGrainBase
{
    private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<TGrain, CancellationToken, ValueTask<T>> _call;
    private readonly CancellationToken _ct;
    private CancellationTokenRegistration _cancelWhileQueued;

    public CallItem(Func<TGrain, CancellationToken, ValueTask<T>> call, CancellationToken ct)
    {
        _call = call;
        _ct = ct;
        if (ct.CanBeCanceled)
            _cancelWhileQueued = ct.UnsafeRegister(static (state, token) => ((TaskCompletionSource<T>)state!).TrySetCanceled(token), _result);
    }

    public Task<T> Task => _result.Task;

    public override bool TryStart()
    {
        _cancelWhileQueued.Dispose();
        return !_result.Task.IsCompleted;
    }

    public override async Task RunAsync(TGrain grain, Activation<TGrain> activation)
    {
        try
        {
            var result = await _call(grain, _ct).ConfigureAwait(false);
            activation.Touch();
            _result.TrySetResult(result);
        }
        catch (OperationCanceledException e) when (e.CancellationToken == _ct && _ct.IsCancellationRequested)
        {
            activation.Touch();
            _result.TrySetCanceled(_ct);
        }
        catch (Exception e)
        {
            activation.Touch();
            _result.TrySetException(e);
        }
    }

    public override void Fail(Exception error)
    {
        _cancelWhileQueued.Dispose();
        _result.TrySetException(error);
    }
}

internal enum DeactivationMode
{
    /// <summary>Only if no call arrived within the collection age and none is queued.</summary>
    IfIdle,

    /// <summary>Only if no call is queued (activation-limit collection).</summary>
    IfNotQueued,

    /// <summary>Unconditionally (shutdown, explicit request); later calls go to a new activation.</summary>
    Always,
}

/// <summary>A request to end the activation, processed as a turn after the calls queued before it.</summary>
internal sealed class DeactivateItem<TGrain>(DeactivationReason reason, DeactivationMode mode, TimeSpan idleAge, CancellationToken ct)
    : WorkItem<TGrain> where TGrain : class, IGrainBase
{
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DeactivationReason Reason => reason;
    public DeactivationMode Mode => mode;
    public TimeSpan IdleAge => idleAge;
    public CancellationToken CancellationToken => ct;

    /// <summary>True when this request deactivated the activation; false when it was declined or superseded.</summary>
    public Task<bool> Done => _done.Task;

    public void Complete(bool deactivated) => _done.TrySetResult(deactivated);

    public override void Fail(Exception error) => _done.TrySetResult(false);
}
