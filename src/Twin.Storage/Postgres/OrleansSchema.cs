using System.Reflection;
using Npgsql;

namespace Twin.Storage.Postgres;

/// <summary>
/// The tables, functions and queries Orleans' ADO.NET clustering and grain persistence need on
/// PostgreSQL (invariant "Npgsql"). The scripts (Postgres/Orleans/*.sql, MIT, from dotnet/orleans
/// src/AdoNet/, with every query key the 10.4.2 packages use) are not in the NuGet packages, so
/// Twin ships them and applies them itself.
/// </summary>
public static class OrleansSchema
{
    // Its own key: Twin's migrations and this may run at once on one database.
    private const long LockKey = 0x7477696e5f6f726c; // "twin_orl"

    /// <summary>Each script, in the order Orleans documents, with the table whose presence means it has run.</summary>
    public static readonly IReadOnlyList<(string Script, string Table)> Scripts =
    [
        ("PostgreSQL-Main.sql", "orleansquery"),
        ("PostgreSQL-Clustering.sql", "orleansmembershiptable"),
        ("PostgreSQL-Persistence.sql", "orleansstorage"),
    ];

    /// <summary>
    /// Runs, in the connection's current schema (search_path), every script whose table is
    /// missing, all in one transaction under an advisory lock, so silos starting together and
    /// repeated runs apply each once (the scripts themselves are plain CREATE/INSERT). Returns
    /// the scripts it ran. Throws <see cref="StoreUnavailableException"/> when the server cannot be reached.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(string connectionString, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await using var dataSource = PostgresStore.BuildDataSource(connectionString);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, tx))
            {
                lockCommand.Parameters.AddWithValue("key", LockKey);
                await lockCommand.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            var applied = new List<string>();
            foreach (var (script, table) in Scripts)
            {
                await using (var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection, tx))
                {
                    exists.Parameters.AddWithValue("table", table);
                    if ((bool)(await exists.ExecuteScalarAsync(ct).ConfigureAwait(false))!)
                        continue;
                }
                await using var run = new NpgsqlCommand(Read(script), connection, tx);
                await run.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                applied.Add(script);
            }
            await tx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return applied;
        }
        catch (Exception e) when (Internal.PostgresFaults.IsUnavailable(e) && !ct.IsCancellationRequested)
        {
            throw Internal.PostgresFaults.Unavailable(dataSource, e);
        }
    }

    /// <summary>The text of one of <see cref="Scripts"/>, from the assembly's embedded resources.</summary>
    public static string Read(string script)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Twin.Storage.Postgres.Orleans.{script}")
            ?? throw new ArgumentException($"No embedded Orleans script '{script}'.", nameof(script));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
