namespace Twin.Actors.Hosting;

/// <summary>
/// A grain's state held in an <see cref="Twin.Storage.IGrainStateStore"/>, as in Orleans:
/// read before activation, written when the grain says so (typically in
/// <see cref="IGrainBase.OnDeactivateAsync"/> or after important changes). A write that finds
/// another writer's ETag throws <see cref="Twin.Storage.InconsistentStateException"/>.
/// </summary>
public interface IPersistentState<TState> where TState : class, new()
{
    TState State { get; set; }

    /// <summary>The ETag of the stored version this state was read or written as; null when none.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken ct = default);

    Task WriteStateAsync(CancellationToken ct = default);

    /// <summary>Deletes the stored state and resets <see cref="State"/> to a new instance.</summary>
    Task ClearStateAsync(CancellationToken ct = default);
}
