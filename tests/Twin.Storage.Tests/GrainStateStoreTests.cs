namespace Twin.Storage.Tests;

public abstract class GrainStateStoreTests<TDatabase> where TDatabase : ITestDatabase, new()
{
    [Fact]
    public async Task TheDatabaseCountsStatesWhoseFlagIsTrue()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        await store.WriteAsync("cell/twin", "A", """{"endOfLifeReached":true,"eol80":500}""", null);
        await store.WriteAsync("cell/twin", "B", """{"endOfLifeReached":false}""", null);
        await store.WriteAsync("cell/twin", "C", """{"eol80":900}""", null);
        await store.WriteAsync("cell/twin", "D", """{"nested":{"endOfLifeReached":true},"endOfLifeReached":"true"}""", null);
        await store.WriteAsync("other", "E", """{"endOfLifeReached":true}""", null);
        Assert.Equal(1, await store.CountFlaggedAsync("cell/twin", "endOfLifeReached"));
        Assert.Equal(0, await store.CountFlaggedAsync("cell/twin", "missing"));
    }

    [Fact]
    public async Task ReadingAMissingStateReturnsNoJsonAndNoEtag()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        Assert.Equal(new StoredGrainState(null, null), await store.ReadAsync("cell", "A"));
    }

    [Fact]
    public async Task ReadingManyKeysReturnsTheStoredStatesOfThatTypeOnly()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        await store.WriteAsync("cell", "A", "1", null);
        await store.WriteAsync("cell", "B", "2", null);
        await store.WriteAsync("other", "C", "3", null);

        var states = await store.ReadManyAsync("cell", ["A", "B", "C", "missing", "it's \"quoted\""]);

        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" }, states);
        Assert.Empty(await store.ReadManyAsync("cell", []));
    }

    [Fact]
    public async Task EachWriteStoresTheJsonUnderAFreshEtag()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();

        var first = await store.WriteAsync("cell", "A", """{"n":1}""", expectedEtag: null);
        var second = await store.WriteAsync("cell", "A", """{"n":2}""", expectedEtag: first);

        Assert.NotEqual(first, second);
        Assert.Equal(new StoredGrainState("""{"n":2}""", second), await store.ReadAsync("cell", "A"));
        Assert.False((await store.ReadAsync("other", "A")).Exists);
    }

    [Fact]
    public async Task WritingWithAStaleEtagThrowsAndKeepsTheStoredState()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        var first = await store.WriteAsync("cell", "A", "1", null);
        var second = await store.WriteAsync("cell", "A", "2", first);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteAsync("cell", "A", "3", first));

        Assert.Equal((second, first), (error.StoredEtag, error.CurrentEtag));
        Assert.Equal("2", (await store.ReadAsync("cell", "A")).Json);
    }

    [Fact]
    public async Task WritingAsNewWhenARowExistsThrows()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        var etag = await store.WriteAsync("cell", "A", "1", null);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteAsync("cell", "A", "2", null));
        Assert.Equal((etag, (string?)null), (error.StoredEtag, error.CurrentEtag));
    }

    [Fact]
    public async Task WritingWithAnEtagAfterTheRowWasClearedThrows()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        var etag = await store.WriteAsync("cell", "A", "1", null);
        await store.ClearAsync("cell", "A", etag);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteAsync("cell", "A", "2", etag));
        Assert.Null(error.StoredEtag);
    }

    [Fact]
    public async Task ClearingChecksTheEtagAndClearingNothingIsANoOp()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        await store.ClearAsync("cell", "A", null);
        var etag = await store.WriteAsync("cell", "A", "1", null);

        await Assert.ThrowsAsync<InconsistentStateException>(() => store.ClearAsync("cell", "A", "stale"));
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.ClearAsync("cell", "A", null));
        await store.ClearAsync("cell", "A", etag);

        Assert.False((await store.ReadAsync("cell", "A")).Exists);
        // After a clear the next writer starts from "no row" again.
        await store.WriteAsync("cell", "A", "2", null);
    }

    [Fact]
    public async Task TwoStoresOverOneDatabaseSeeEachOthersEtags()
    {
        await using var db = new TDatabase();
        await using var nodeA = await db.OpenAsync();
        await using var nodeB = await db.OpenAsync();

        var etag = await nodeA.WriteAsync("cell", "A", "from A", null);
        await Assert.ThrowsAsync<InconsistentStateException>(() => nodeB.WriteAsync("cell", "A", "from B", null));
        await nodeB.WriteAsync("cell", "A", "from B", etag);

        Assert.Equal("from B", (await nodeA.ReadAsync("cell", "A")).Json);
    }

    [Fact]
    public async Task OfManyWritersHoldingTheSameEtagExactlyOneWins()
    {
        await using var db = new TDatabase();
        await using var nodeA = await db.OpenAsync();
        await using var nodeB = await db.OpenAsync();
        var etag = await nodeA.WriteAsync("cell", "A", "0", null);

        var attempts = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                return await (i % 2 == 0 ? nodeA : nodeB).WriteAsync("cell", "A", i.ToString(), etag);
            }
            catch (InconsistentStateException)
            {
                return null;
            }
        })));

        var winner = Assert.Single(attempts, a => a is not null);
        var stored = await nodeB.ReadAsync("cell", "A");
        Assert.Equal(winner, stored.ETag);
        Assert.Equal(winner, attempts[int.Parse(stored.Json!) - 1]);
    }
}

public sealed class SqliteGrainStateStoreTests : GrainStateStoreTests<SqliteDatabase>;

public sealed class PostgresGrainStateStoreTests : GrainStateStoreTests<PostgresDatabase>;
