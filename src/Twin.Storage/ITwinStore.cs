namespace Twin.Storage;

/// <summary>One database serving all three store interfaces: SQLite (embedded) or PostgreSQL (shared by silos).</summary>
public interface ITwinStore : ICellStore, ICycleStore, IGrainStateStore, IApiKeyStore, IModelRegistryStore, IAsyncDisposable
{
    /// <summary>The schema version the database is at.</summary>
    Task<int> GetSchemaVersionAsync(CancellationToken ct = default);
}
