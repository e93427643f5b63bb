namespace Twin.Ml.Inference;

/// <summary>
/// The model in force, swappable while requests run: <see cref="Acquire"/> leases the current one,
/// <see cref="Swap"/> installs a new one with <see cref="Interlocked.Exchange{T}(ref T, T)"/> and drops
/// the holder's reference to the old, which is disposed when its last lease ends, so a request in
/// flight finishes on the model it started with.
/// </summary>
public sealed class ModelHolder<T>(T initial) : IDisposable where T : class, IDisposable
{
    RefCounted<T>? _current = new(initial);

    public ModelLease<T> Acquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _current) ?? throw new ObjectDisposedException(nameof(ModelHolder<T>));
            if (current.TryAcquire()) return new ModelLease<T>(current);
            // Swapped and fully released between the read and the acquire: the next read sees its successor.
        }
    }

    public void Swap(T next)
    {
        var incoming = new RefCounted<T>(next);
        var old = Interlocked.CompareExchange(ref _current, null, null);
        while (true)
        {
            if (old is null)
            {
                next.Dispose();
                throw new ObjectDisposedException(nameof(ModelHolder<T>));
            }
            var seen = Interlocked.CompareExchange(ref _current, incoming, old);
            if (seen == old) break;
            old = seen;
        }
        old.Release();
    }

    public void Dispose() => Interlocked.Exchange(ref _current, null)?.Release();
}

/// <summary>A reference to a model that stays usable until disposed; disposing twice releases once.</summary>
public sealed class ModelLease<T> : IDisposable where T : class, IDisposable
{
    RefCounted<T>? _shared;

    internal ModelLease(RefCounted<T> shared) => _shared = shared;

    public T Value => (Volatile.Read(ref _shared) ?? throw new ObjectDisposedException(nameof(ModelLease<T>))).Value;

    public void Dispose() => Interlocked.Exchange(ref _shared, null)?.Release();
}
