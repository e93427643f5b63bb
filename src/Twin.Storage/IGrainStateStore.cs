namespace Twin.Storage;

/// <summary>
/// Serialized grain state with optimistic concurrency, shaped like Orleans' IGrainStorage.
/// Every successful write stores a fresh ETag; a write or clear whose expected ETag is not
/// the stored one (null meaning "no row") throws <see cref="InconsistentStateException"/>.
/// </summary>
public interface IGrainStateStore
{
    Task<StoredGrainState> ReadAsync(string grainType, string key, CancellationToken ct = default);

    /// <summary>
    /// The stored JSON of many keys of one grain type in one query (a listing shows each row's twin
    /// without a grain call or a query per row); keys with no stored state are absent.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> ReadManyAsync(string grainType, IReadOnlyCollection<string> keys, CancellationToken ct = default);

    /// <summary>How many stored states of <paramref name="grainType"/> have the top-level JSON boolean <paramref name="property"/> true (one query in the database).</summary>
    Task<long> CountFlaggedAsync(string grainType, string property, CancellationToken ct = default);

    /// <summary>Stores <paramref name="json"/> if the stored ETag is <paramref name="expectedEtag"/>; returns the new ETag.</summary>
    Task<string> WriteAsync(string grainType, string key, string json, string? expectedEtag, CancellationToken ct = default);

    /// <summary>Deletes the state if the stored ETag is <paramref name="expectedEtag"/>; clearing a missing row with null is a no-op.</summary>
    Task ClearAsync(string grainType, string key, string? expectedEtag, CancellationToken ct = default);

    /// <summary>
    /// Several writes and clears, applied in order, each checked against its own expected ETag: a
    /// conflict is reported in its outcome and does not stop the others. Everything not in
    /// conflict is committed when this returns. A store that can commits them in one transaction
    /// (grain-state writes from many grains at once); this default applies them one by one.
    /// </summary>
    async Task<IReadOnlyList<GrainStateWriteOutcome>> WriteManyAsync(IReadOnlyList<GrainStateWrite> writes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var outcomes = new GrainStateWriteOutcome[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            var w = writes[i];
            try
            {
                if (w.Json is null)
                {
                    await ClearAsync(w.GrainType, w.Key, w.ExpectedEtag, ct).ConfigureAwait(false);
                    outcomes[i] = new(null, null);
                }
                else
                {
                    outcomes[i] = new(await WriteAsync(w.GrainType, w.Key, w.Json, w.ExpectedEtag, ct).ConfigureAwait(false), null);
                }
            }
            catch (InconsistentStateException e)
            {
                outcomes[i] = new(null, e);
            }
        }
        return outcomes;
    }
}

/// <summary>A stored grain state: both null when nothing is stored.</summary>
public readonly record struct StoredGrainState(string? Json, string? ETag)
{
    public bool Exists => ETag is not null;
}

/// <summary>One write of <see cref="IGrainStateStore.WriteManyAsync"/>; a null <paramref name="Json"/> clears the state.</summary>
public sealed record GrainStateWrite(string GrainType, string Key, string? Json, string? ExpectedEtag);

/// <summary>What one write did: the new ETag (null after a clear), or the conflict that kept it from being applied.</summary>
public readonly record struct GrainStateWriteOutcome(string? ETag, InconsistentStateException? Conflict);
