namespace Twin.Storage.Sqlite;

/// <summary>Settings of <see cref="SqliteStore"/>.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>
    /// How hard a commit waits for the disk. The database always runs in WAL mode, where
    /// <see cref="SqliteSynchronousMode.Normal"/> (the default) survives a killed process
    /// (kill -9, crash) but may lose the last commits on power loss or an OS crash;
    /// <see cref="SqliteSynchronousMode.Full"/> fsyncs the WAL on every commit and survives
    /// those too, at a cost per commit (so batch appends).
    /// </summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Normal;

    /// <summary>How long a statement waits for a lock held by another connection or process before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Pages (negative: KiB) of page cache per connection; SQLite's PRAGMA cache_size.</summary>
    public int CacheSize { get; set; } = -16_384;

    internal void Validate()
    {
        if (!Enum.IsDefined(Synchronous))
            throw new ArgumentOutOfRangeException(nameof(Synchronous), Synchronous, "SqliteStoreOptions.Synchronous must be Normal or Full.");
        if (BusyTimeout < TimeSpan.Zero || BusyTimeout > TimeSpan.FromMinutes(10))
            throw new ArgumentOutOfRangeException(nameof(BusyTimeout), BusyTimeout, "SqliteStoreOptions.BusyTimeout must be between 0 and 10 minutes.");
    }
}

/// <summary>SQLite's PRAGMA synchronous levels that make sense in WAL mode.</summary>
public enum SqliteSynchronousMode
{
    /// <summary>Durable against a process kill; the last commits may be lost on power loss.</summary>
    Normal,

    /// <summary>Durable against power loss: the WAL is synced on every commit.</summary>
    Full,
}
