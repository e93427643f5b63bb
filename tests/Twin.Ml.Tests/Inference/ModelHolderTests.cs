using Twin.Ml.Inference;
using Twin.Ml.Tests.Onnx;

namespace Twin.Ml.Tests.Inference;

/// <summary>
/// Hot swap under load. ORT crashes the process when a session is disposed while another thread
/// runs it, so this test would die, not fail, if the holder ever disposed a model in use.
/// </summary>
public sealed class ModelHolderTests
{
    /// <summary>A real ONNX model whose output at 0 is 1.5 + its version, counting its disposals.</summary>
    sealed class Versioned(int version) : IDisposable
    {
        public int Version { get; } = version;
        public OnnxModel Model { get; } = OnnxModel.Create(OnnxTreeModels.Write(TreeFixtures.Stump() with { BaseScore = version }));
        public int Disposals;

        public void Dispose()
        {
            Interlocked.Increment(ref Disposals);
            Model.Dispose();
        }
    }

    [Fact]
    public void SwappingWhileManyThreadsRunNeverDisposesAModelInUseAndDisposesEachOldOneOnce()
    {
        const int swaps = 150, workers = 8;
        var models = new List<Versioned> { new(0) };
        using var holder = new ModelHolder<Versioned>(models[0]);
        long runs = 0;
        var stop = 0;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();

        var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
        {
            var output = new float[1];
            var batch = new float[] { 0f, 1f };
            while (Volatile.Read(ref stop) == 0)
            {
                using var lease = holder.Acquire();
                var m = lease.Value;
                if (Volatile.Read(ref m.Disposals) != 0) failures.Enqueue($"leased model {m.Version} was already disposed");
                if ((w & 1) == 0)
                {
                    m.Model.RunRow([0f], output);
                    if (output[0] != 1.5f + m.Version) failures.Enqueue($"model {m.Version} gave {output[0]}");
                }
                else
                {
                    var o = m.Model.Run(batch, 2)[0];
                    if (o[0] != 1.5f + m.Version || o[1] != -2.25f + m.Version) failures.Enqueue($"model {m.Version} gave {o[0]}, {o[1]}");
                }
                if (Volatile.Read(ref m.Disposals) != 0) failures.Enqueue($"model {m.Version} was disposed during a run");
                Interlocked.Increment(ref runs);
            }
        })).ToArray();
        foreach (var t in threads) t.Start();

        for (var v = 1; v <= swaps; v++)
        {
            // Swap only once the workers have made progress on the current model.
            var seen = Interlocked.Read(ref runs);
            var spin = new SpinWait();
            while (Interlocked.Read(ref runs) < seen + workers) spin.SpinOnce();
            var next = new Versioned(v);
            models.Add(next);
            holder.Swap(next);
        }
        Volatile.Write(ref stop, 1);
        foreach (var t in threads) t.Join();

        Assert.Empty(failures);
        Assert.True(runs >= swaps * workers, $"only {runs} runs");
        Assert.All(models.Take(swaps), m => Assert.Equal(1, m.Disposals));
        Assert.Equal(0, models[swaps].Disposals);
        using (var lease = holder.Acquire()) Assert.Equal(swaps, lease.Value.Version);
    }

    [Fact]
    public void ALeaseKeepsTheOldModelAliveAcrossASwapUntilItIsDisposed()
    {
        var first = new Versioned(1);
        var second = new Versioned(2);
        using var holder = new ModelHolder<Versioned>(first);
        var lease = holder.Acquire();

        holder.Swap(second);

        Assert.Equal(0, first.Disposals);
        var output = new float[1];
        lease.Value.Model.RunRow([0f], output);
        Assert.Equal(2.5f, output[0]);
        lease.Dispose();
        lease.Dispose();
        Assert.Equal(1, first.Disposals);
        Assert.Throws<ObjectDisposedException>(() => lease.Value);
        using var next = holder.Acquire();
        Assert.Same(second, next.Value);
    }

    [Fact]
    public void ADisposedHolderRefusesLeasesAndDisposesAModelSwappedIn()
    {
        var first = new Versioned(1);
        var holder = new ModelHolder<Versioned>(first);
        holder.Dispose();
        holder.Dispose();
        var late = new Versioned(2);

        Assert.Equal(1, first.Disposals);
        Assert.Throws<ObjectDisposedException>(() => holder.Acquire());
        Assert.Throws<ObjectDisposedException>(() => holder.Swap(late));
        Assert.Equal(1, late.Disposals);
    }

    [Fact]
    public void AReleasedReferenceIsNeverRevived()
    {
        var shared = new RefCounted<Versioned>(new Versioned(1));
        Assert.True(shared.TryAcquire());
        shared.Release();
        shared.Release();

        Assert.True(shared.IsDisposed);
        Assert.False(shared.TryAcquire());
        Assert.Equal(1, shared.Value.Disposals);
        Assert.Throws<InvalidOperationException>(shared.Release);
    }
}
