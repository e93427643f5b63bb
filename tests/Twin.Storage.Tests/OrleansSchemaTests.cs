using Npgsql;
using Twin.Storage.Postgres;

namespace Twin.Storage.Tests;

/// <summary>Orleans' ADO.NET scripts on the real server: applied once, however often asked.</summary>
public sealed class OrleansSchemaTests
{
    [Fact]
    public async Task ApplyingTheOrleansScriptsTwiceRunsEachOnceAndLeavesEveryQueryOrleansUses()
    {
        await using var db = new PostgresDatabase();

        var first = await OrleansSchema.ApplyAsync(db.Target);
        var second = await OrleansSchema.ApplyAsync(db.Target);

        Assert.Equal(["PostgreSQL-Main.sql", "PostgreSQL-Clustering.sql", "PostgreSQL-Persistence.sql"], first);
        Assert.Empty(second);
        // The query keys Orleans.Clustering.AdoNet and Orleans.Persistence.AdoNet 10.4.2 look up.
        Assert.Equal(
            ["CleanupDefunctSiloEntriesKey", "ClearStorageKey", "DeleteMembershipTableEntriesKey", "DeleteStorageKey", "GatewaysQueryKey",
             "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "ReadFromStorageKey",
             "UpdateIAmAlivetimeKey", "UpdateMembershipKey", "WriteToStorageKey"],
            await QueryKeysAsync(db));
    }

    [Fact]
    public async Task TheOrleansTablesLiveBesideTwinsOwnWithoutClashing()
    {
        await using var db = new PostgresDatabase();
        await using var store = await db.OpenAsync();

        await OrleansSchema.ApplyAsync(db.Target);
        await store.UpsertCellAsync(Samples.Cell("A"));

        Assert.Equal(1, await store.CountCellsAsync());
        Assert.Equal(PostgresMigrationsLatest, await store.GetSchemaVersionAsync());
    }

    private static int PostgresMigrationsLatest => Twin.Storage.Postgres.Internal.PostgresMigrations.LatestVersion;

    private static async Task<List<string>> QueryKeysAsync(PostgresDatabase db)
    {
        await using var connection = new NpgsqlConnection(db.Target);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT querykey FROM orleansquery ORDER BY querykey COLLATE \"C\"", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
            keys.Add(reader.GetString(0));
        return keys;
    }
}
