namespace Twin.Storage.Tests;

/// <summary>IGrainStateStore.WriteManyAsync on SQLite: many grains' writes in one transaction, each with its own ETag check.</summary>
public sealed class GrainStateBatchTests
{
    [Fact]
    public async Task ABatchAppliesEveryWriteWhoseEtagMatchesAndReportsTheConflictsWithoutStoppingTheRest()
    {
        await using var db = new TempDatabase();
        await using var store = await db.OpenAsync();
        var a = await store.WriteAsync("cell/twin", "A", "a1", null);
        var b = await store.WriteAsync("cell/twin", "B", "b1", null);
        await store.WriteAsync("cell/twin", "B", "b2", b);

        var outcomes = await store.WriteManyAsync([
            new GrainStateWrite("cell/twin", "A", "a2", a),      // current ETag: applied
            new GrainStateWrite("cell/twin", "B", "b3", b),      // stale ETag: conflict
            new GrainStateWrite("cell/twin", "C", "c1", null),   // new row: applied
            new GrainStateWrite("cell/twin", "C", "c2", null),   // "no row" expected, but the batch just wrote one
        ]);

        Assert.Equal(new StoredGrainState("a2", outcomes[0].ETag), await store.ReadAsync("cell/twin", "A"));
        Assert.Null(outcomes[0].Conflict);
        Assert.Equal(b, outcomes[1].Conflict!.CurrentEtag);
        Assert.Equal("b2", (await store.ReadAsync("cell/twin", "B")).Json);
        Assert.Equal(new StoredGrainState("c1", outcomes[2].ETag), await store.ReadAsync("cell/twin", "C"));
        Assert.Equal(outcomes[2].ETag, outcomes[3].Conflict!.StoredEtag);
    }

    [Fact]
    public async Task ClearsInABatchCheckTheirEtagLikeClearAsync()
    {
        await using var db = new TempDatabase();
        await using var store = await db.OpenAsync();
        var a = await store.WriteAsync("cell/twin", "A", "a1", null);
        await store.WriteAsync("cell/twin", "B", "b1", null);

        var outcomes = await store.WriteManyAsync([
            new GrainStateWrite("cell/twin", "A", null, a),
            new GrainStateWrite("cell/twin", "B", null, "stale"),
            new GrainStateWrite("cell/twin", "none", null, null),
        ]);

        Assert.Equal([null, "stale", null], outcomes.Select(o => o.Conflict?.CurrentEtag));
        Assert.False((await store.ReadAsync("cell/twin", "A")).Exists);
        Assert.Equal("b1", (await store.ReadAsync("cell/twin", "B")).Json);
        Assert.Null(outcomes[2].Conflict);
    }
}
