namespace Twin.Storage;

/// <summary>
/// The stored ETag of a grain state is not the one the writer expected: another activation
/// (usually on another node) wrote or cleared it since it was read. Orleans uses this name.
/// </summary>
public sealed class InconsistentStateException(string grainType, string key, string? storedEtag, string? currentEtag)
    : Exception($"Grain state {grainType}/{key} was changed by someone else: stored ETag '{storedEtag ?? "<none>"}', expected '{currentEtag ?? "<none>"}'.")
{
    public string GrainType { get; } = grainType;
    public string Key { get; } = key;

    /// <summary>The ETag in storage, null when no row exists.</summary>
    public string? StoredEtag { get; } = storedEtag;

    /// <summary>The ETag the writer held.</summary>
    public string? CurrentEtag { get; } = currentEtag;
}
