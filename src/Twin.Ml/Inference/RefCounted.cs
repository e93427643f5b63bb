namespace Twin.Ml.Inference;

/// <summary>
/// A disposable shared by its owner and any number of leases: it starts with the owner's
/// reference, <see cref="TryAcquire"/> adds one unless the count already reached zero (a CAS loop,
/// so a retired value is never revived), and the release that brings the count to zero disposes
/// it. ORT crashes when a session is disposed under a running call; this makes that impossible.
/// </summary>
public sealed class RefCounted<T>(T value) where T : class, IDisposable
{
    int _count = 1;

    /// <summary>The value; use it only between a successful <see cref="TryAcquire"/> and its <see cref="Release"/>, or as the owner.</summary>
    public T Value { get; } = value;

    /// <summary>True once the last reference is released and the value disposed.</summary>
    public bool IsDisposed => Volatile.Read(ref _count) == 0;

    public bool TryAcquire()
    {
        var count = Volatile.Read(ref _count);
        while (count > 0)
        {
            var seen = Interlocked.CompareExchange(ref _count, count + 1, count);
            if (seen == count) return true;
            count = seen;
        }
        return false;
    }

    public void Release()
    {
        var left = Interlocked.Decrement(ref _count);
        if (left == 0) Value.Dispose();
        else if (left < 0) throw new InvalidOperationException("a reference was released twice.");
    }
}
