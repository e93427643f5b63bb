using Npgsql;
using Twin.Storage.Postgres;
using Twin.Storage.Postgres.Internal;

namespace Twin.Storage.Tests;

/// <summary>What only the PostgreSQL store has: migrations shared by silos, its pool, lost connections.</summary>
public sealed class PostgresStoreTests
{
    [Fact]
    public async Task SilosOpeningAFreshDatabaseTogetherApplyEachMigrationOnce()
    {
        await using var db = new PostgresDatabase();

        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresStore.OpenAsync(db.Target))));
        try
        {
            Assert.All(await Task.WhenAll(stores.Select(s => s.GetSchemaVersionAsync())), v => Assert.Equal(PostgresMigrations.LatestVersion, v));
            Assert.Equal((long)PostgresMigrations.All.Count, await ScalarAsync(db, "SELECT count(*) FROM schema_version"));
        }
        finally
        {
            foreach (var store in stores)
                await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task ReopeningKeepsTheData()
    {
        await using var db = new PostgresDatabase();
        await using (var first = await db.OpenAsync())
        {
            await first.UpsertCellAsync(Samples.Cell("A"));
            await first.AppendAsync(Samples.Cycles("A", 1, 3), AppendMode.AllOrNothing);
        }

        await using var second = await db.OpenAsync();
        Assert.Equal(Samples.Cycles("A", 1, 3), await second.ReadCyclesAsync("A"));
    }

    [Fact]
    public async Task AnUnreachableServerIsStoreUnavailableNamingHostAndPortButNotThePassword()
    {
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        var connection = new NpgsqlConnectionStringBuilder(PostgresDatabase.ServerConnection()) { Port = 1, Timeout = 5, Password = "not-to-be-shown" };

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => PostgresStore.OpenAsync(connection.ConnectionString));

        Assert.Contains($"PostgreSQL at {connection.Host}:1/{connection.Database} is unavailable", error.Message);
        Assert.DoesNotContain("not-to-be-shown", error.Message);
        Assert.IsAssignableFrom<NpgsqlException>(error.InnerException);
    }

    [Theory]
    [InlineData("", 20)]
    [InlineData(";Maximum Pool Size=5", 5)]
    [InlineData(";MaxPoolSize=100", 100)]
    public void ThePoolIsCappedAtTwentyUnlessTheConnectionStringSaysOtherwise(string suffix, int expected)
    {
        using var dataSource = PostgresStore.BuildDataSource("Host=127.0.0.1;Port=55432;Database=x;Username=u" + suffix);
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize);
    }

    [Fact]
    public async Task AnAppendOnALostConnectionIsStoreUnavailableStoresNothingAndARetrySucceeds()
    {
        await using var db = new PostgresDatabase();
        await using var store = await db.OpenAsync();
        await store.UpsertCellAsync(Samples.Cell("A"));

        // The server ends every connection of this store (as a restart or failover would); the
        // store's pooled connection is now dead and the next call finds out.
        Assert.True(await ScalarAsync(db, $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{db.Schema}'") is > 0L);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync(Samples.Cycles("A", 1, 10), AppendMode.AllOrNothing));
        Assert.IsAssignableFrom<NpgsqlException>(error.InnerException);

        var retry = await store.AppendAsync(Samples.Cycles("A", 1, 10), AppendMode.AllOrNothing);
        Assert.Equal((10, 0), (retry.Inserted, retry.Duplicates));
        Assert.Equal(Samples.Cycles("A", 1, 10), await store.ReadCyclesAsync("A"));
    }

    [Fact]
    public async Task CellIdsOrderByCodePointWhateverTheDatabaseLocale()
    {
        await using var db = new PostgresDatabase();
        await using var store = await db.OpenAsync();
        string[] ids = ["b", "B", "a-2", "a_1", "A", "é", "z"];
        foreach (var id in ids)
            await store.UpsertCellAsync(Samples.Cell(id));

        var listed = await store.ListCellsAsync(new CellQuery());

        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Select(c => c.CellId));
    }

    private static async Task<object?> ScalarAsync(PostgresDatabase db, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.ServerConnectionString) { SearchPath = db.Schema }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
