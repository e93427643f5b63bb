using Microsoft.Data.Sqlite;

namespace Twin.Storage.Sqlite;

/// <summary>What a backup or restore copied, counted in the copy itself.</summary>
public sealed record SqliteBackupSummary(string Path, long Cells, long Cycles, long Bytes);

/// <summary>
/// Backup and restore of the embedded store with SQLite's online backup API. A backup copies
/// every page inside one read transaction, so it is a consistent snapshot even while the server
/// writes (WAL readers never block the writer); it goes to a temporary file, is checked with
/// <c>PRAGMA integrity_check</c>, and only then takes its final name. A restore writes the backup
/// into the database through the same API (so SQLite, not a file copy, deals with the WAL); the
/// server must be stopped, since it keeps twins and caches in memory.
/// </summary>
public static class SqliteBackup
{
    public static async Task<SqliteBackupSummary> BackupAsync(string database, string destination, CancellationToken ct = default)
    {
        if (!File.Exists(database)) throw new FileNotFoundException($"no Twin database at '{database}' (pass --data DIR, the server's data directory).", database);
        destination = Path.GetFullPath(destination);
        if (File.Exists(destination)) throw new IOException($"'{destination}' already exists; choose a new file name (a backup never overwrites).");
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var partial = destination + ".partial";
        File.Delete(partial);
        try
        {
            await using (var source = await OpenAsync(database, SqliteOpenMode.ReadWrite, ct))
            await using (var target = await OpenAsync(partial, SqliteOpenMode.ReadWriteCreate, ct))
            {
                ct.ThrowIfCancellationRequested();
                source.BackupDatabase(target);
                await CheckAsync(target, partial, ct);
            }
            File.Move(partial, destination);
            return await SummarizeAsync(destination, ct);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    public static async Task<SqliteBackupSummary> RestoreAsync(string backup, string database, bool overwrite, CancellationToken ct = default)
    {
        if (!File.Exists(backup)) throw new FileNotFoundException($"backup '{backup}' does not exist.", backup);
        await using (var source = await OpenAsync(backup, SqliteOpenMode.ReadOnly, ct))
        {
            await CheckAsync(source, backup, ct);
            if (File.Exists(database) && !overwrite)
                throw new IOException($"'{database}' exists; stop the server and pass --force to replace it with the backup.");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(database))!);
            await using var target = await OpenAsync(database, SqliteOpenMode.ReadWriteCreate, ct);
            ct.ThrowIfCancellationRequested();
            source.BackupDatabase(target);
        }
        return await SummarizeAsync(database, ct);
    }

    static async Task<SqliteConnection> OpenAsync(string path, SqliteOpenMode mode, CancellationToken ct)
    {
        // No pooling: the files are renamed or handed back to the server right after.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false, DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>The copy must be an intact Twin store: integrity_check says ok and the tables are there.</summary>
    static async Task CheckAsync(SqliteConnection connection, string path, CancellationToken ct)
    {
        try
        {
            await CheckTablesAsync(connection, path, ct);
        }
        catch (SqliteException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable SQLite database: {e.Message}", e);
        }
    }

    static async Task CheckTablesAsync(SqliteConnection connection, string path, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        var result = (string?)await command.ExecuteScalarAsync(ct);
        if (result != "ok") throw new InvalidDataException($"'{path}' fails SQLite's integrity check: {result}");
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('cells', 'cycles', 'grain_state')";
        if ((long)(await command.ExecuteScalarAsync(ct))! != 3) throw new InvalidDataException($"'{path}' is an SQLite file but not a Twin store (no cells, cycles and grain_state tables).");
    }

    static async Task<SqliteBackupSummary> SummarizeAsync(string path, CancellationToken ct)
    {
        await using var connection = await OpenAsync(path, SqliteOpenMode.ReadOnly, ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM cells), (SELECT count(*) FROM cycles)";
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new SqliteBackupSummary(path, reader.GetInt64(0), reader.GetInt64(1), new FileInfo(path).Length);
    }
}
