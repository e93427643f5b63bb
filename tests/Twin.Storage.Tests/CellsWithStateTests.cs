namespace Twin.Storage.Tests;

public abstract class CellsWithStateTests<TDatabase> where TDatabase : ITestDatabase, new()
{
    static string? Text(ReadOnlySpan<byte> utf8) => System.Text.Encoding.UTF8.GetString(utf8);

    [Fact]
    public async Task CellsComeByIdWithTheirDesignAndTheStateOfTheGrainTypeAskedForFilteredAndLimited()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        var fleet = new Dictionary<string, string> { ["fleet"] = "A" };
        await store.UpsertCellAsync(Samples.Cell("c3", tags: fleet));
        await store.UpsertCellAsync(Samples.Cell("c1", tags: fleet));
        await store.UpsertCellAsync(Samples.Cell("c2", coating: "TiO2", tags: fleet));
        await store.UpsertCellAsync(Samples.Cell("other", tags: new Dictionary<string, string> { ["fleet"] = "B" }));
        await store.WriteAsync("cell/twin", "c1", """{"eol80":500}""", null);
        await store.WriteAsync("cell/other", "c3", """{"x":1}""", null);

        var all = await store.ReadCellsWithStateAsync(new CellQuery(Tags: fleet), "cell/twin", 10, Text).ToListAsync();

        Assert.Equal(["c1", "c2", "c3"], all.Select(c => c.CellId));
        Assert.Equal(["""{"eol80":500}""", null, null], all.Select(c => c.State));
        Assert.Equal(Samples.Design(), all[0].Design);
        Assert.Same(all[0].Design, all[2].Design); // equal designs are one instance
        Assert.Equal("TiO2", all[1].Design.Coating);
        Assert.Equal(["c1", "c3"], (await store.ReadCellsWithStateAsync(new CellQuery(Coating: "Al2O3", Tags: fleet), "cell/twin", 10, Text).ToListAsync()).Select(c => c.CellId));
        Assert.Equal(2, (await store.ReadCellsWithStateAsync(new CellQuery(), "cell/twin", 2, Text).ToListAsync()).Count);
    }

    [Fact]
    public async Task TheDistinctDesignsOfAnElectrodeAreWhatTheLabHasTested()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        await store.UpsertCellAsync(Samples.Cell("a"));
        await store.UpsertCellAsync(Samples.Cell("b"));
        await store.UpsertCellAsync(Samples.Cell("c", coating: "TiO2"));
        await store.UpsertCellAsync(Samples.Cell("d") with { Design = Samples.Design() with { Electrode = "LFP" } });

        var designs = await store.ListDesignsAsync("NMC811", 10);

        Assert.Equal(["Al2O3", "TiO2"], designs.Select(d => d.Coating).Order());
        Assert.Contains(Samples.Design(), designs);
        Assert.Single(await store.ListDesignsAsync("NMC811", 1));
        Assert.Empty(await store.ListDesignsAsync("LCO", 10));
    }
}

public sealed class SqliteCellsWithStateTests : CellsWithStateTests<SqliteDatabase>;

public sealed class PostgresCellsWithStateTests : CellsWithStateTests<PostgresDatabase>;
