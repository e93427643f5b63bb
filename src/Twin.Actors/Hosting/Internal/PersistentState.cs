using System.Text.Json;
using Twin.Storage;

namespace Twin.Actors.Hosting.Internal;

internal interface IPersistentStateLoader
{
    Task ReadStateAsync(CancellationToken ct = default);
}

/// <summary>JSON-serialized state behind an <see cref="IGrainStateStore"/> row (grain type, key).</summary>
internal sealed class PersistentState<TState>(IGrainStateStore store, string grainType, string key, JsonSerializerOptions json)
    : IPersistentState<TState>, IPersistentStateLoader
    where TState : class, new()
{
    public TState State { get; set; } = new();

    public string? Etag { get; private set; }

    public bool RecordExists => Etag is not null;

    public async Task ReadStateAsync(CancellationToken ct = default)
    {
        var stored = await store.ReadAsync(grainType, key, ct).ConfigureAwait(false);
        State = stored.Json is null ? new TState() : JsonSerializer.Deserialize<TState>(stored.Json, json) ?? new TState();
        Etag = stored.ETag;
    }

    public async Task WriteStateAsync(CancellationToken ct = default)
    {
        var serialized = JsonSerializer.Serialize(State, json);
        Etag = await store.WriteAsync(grainType, key, serialized, Etag, ct).ConfigureAwait(false);
    }

    public async Task ClearStateAsync(CancellationToken ct = default)
    {
        await store.ClearAsync(grainType, key, Etag, ct).ConfigureAwait(false);
        State = new TState();
        Etag = null;
    }
}
