using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Twin.Storage;

namespace Twin.Actors.Storage;

/// <summary>
/// Orleans grain storage over Twin's own <see cref="IGrainStateStore"/> (SQLite now; any store
/// implementing the interface plugs in). A state is stored as JSON under grain type
/// "<c>{grain type}/{state name}</c>" and the grain's key, so a twin's stored state reads the same
/// whatever the hosting. Writes go through one writer task: the SQLite client runs its "async"
/// calls synchronously, and many grains writing at once would otherwise block the threads that
/// run grain turns. The writer takes what has queued up (at most <see cref="MaxBatch"/>) and hands
/// it to the store as one batch (SQLite: one transaction); a write completes only once the store
/// has committed it.
/// </summary>
public sealed partial class TwinGrainStorage : IGrainStorage, IAsyncDisposable, IDisposable
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Most writes committed together: large enough for a silo flushing on shutdown, small enough to keep a commit short.</summary>
    public const int MaxBatch = 512;

    readonly IGrainStateStore _store;
    readonly ILogger _logger;
    readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    readonly Task _writer;

    public TwinGrainStorage(IGrainStateStore store, ILogger<TwinGrainStorage> logger)
    {
        _store = store;
        _logger = logger;
        _writer = Task.Factory.StartNew(WriteLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = await _store.ReadAsync(StoredType(stateName, grainId), grainId.Key.ToString()!);
        grainState.State = stored.Json is null ? Activator.CreateInstance<T>() : JsonSerializer.Deserialize<T>(stored.Json, Json) ?? Activator.CreateInstance<T>();
        grainState.ETag = stored.ETag;
        grainState.RecordExists = stored.Exists;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var json = JsonSerializer.Serialize(grainState.State, Json);
        var etag = await EnqueueAsync(new PendingWrite(new GrainStateWrite(StoredType(stateName, grainId), grainId.Key.ToString()!, json, grainState.ETag)));
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnqueueAsync(new PendingWrite(new GrainStateWrite(StoredType(stateName, grainId), grainId.Key.ToString()!, null, grainState.ETag)));
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    static string StoredType(string stateName, GrainId grainId) => $"{grainId.Type}/{stateName}";

    async Task<string?> EnqueueAsync(PendingWrite write)
    {
        if (!_writes.Writer.TryWrite(write))
            throw new ObjectDisposedException(nameof(TwinGrainStorage), "the grain storage is shut down; the state was not written.");
        return await write.Done.Task.ConfigureAwait(false);
    }

    async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _writes.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _writes.Reader.TryRead(out var write)) batch.Add(write);
            try
            {
                var outcomes = await _store.WriteManyAsync(batch.Select(w => w.Write).ToArray()).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (outcomes[i].Conflict is { } e)
                        // Orleans' own exception, so Orleans and the grain treat it as an ETag conflict.
                        batch[i].Done.TrySetException(new Orleans.Storage.InconsistentStateException(e.Message, e.StoredEtag, e.CurrentEtag, e));
                    else
                        batch[i].Done.TrySetResult(outcomes[i].ETag);
                }
            }
            catch (Exception e)
            {
                LogWriteFailed(_logger, e, batch.Count);
                foreach (var w in batch) w.Done.TrySetException(e);
            }
            batch.Clear();
        }
    }

    /// <summary>Takes no more writes and waits for the queued ones (the silo has flushed its grains by then).</summary>
    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    public void Dispose()
    {
        _writes.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
    }

    /// <summary>A state write (or a clear) waiting for the writer.</summary>
    sealed record PendingWrite(GrainStateWrite Write)
    {
        public TaskCompletionSource<string?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Writing a batch of {Count} grain states failed; none was acknowledged")]
    static partial void LogWriteFailed(ILogger logger, Exception error, int count);
}
