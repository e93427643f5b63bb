namespace Twin.Storage;

/// <summary>
/// Serialized grain state with optimistic concurrency, shaped like Orleans' IGrainStorage.
/// Every successful write stores a fresh ETag; a write or clear whose expected ETag is not
/// the stored one (null meaning "no row") throws <see cref="InconsistentStateException"/>.
/// </summary>
public interface IGrainStateStore
{
    Task<StoredGrainState> ReadAsync(string grainType, string key, CancellationToken ct = default);

    /// <summary>Stores <paramref name="json"/> if the stored ETag is <paramref name="expectedEtag"/>; returns the new ETag.</summary>
    Task<string> WriteAsync(string grainType, string key, string json, string? expectedEtag, CancellationToken ct = default);

    /// <summary>Deletes the state if the stored ETag is <paramref name="expectedEtag"/>; clearing a missing row with null is a no-op.</summary>
    Task ClearAsync(string grainType, string key, string? expectedEtag, CancellationToken ct = default);
}

/// <summary>A stored grain state: both null when nothing is stored.</summary>
public readonly record struct StoredGrainState(string? Json, string? ETag)
{
    public bool Exists => ETag is not null;
}
