namespace Twin.Storage.Tests;

public abstract class CellStoreTests<TDatabase> where TDatabase : ITestDatabase, new()
{
    [Fact]
    public async Task UpsertingANewCellCreatesItAndReadsBackEveryField()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        var cell = Samples.Cell("A-1", tags: new Dictionary<string, string> { ["batch"] = "7", ["lab"] = "Ulm" });

        Assert.True(await store.UpsertCellAsync(cell));

        var read = await store.GetCellAsync("A-1");
        Assert.NotNull(read);
        Assert.Equal(cell.Design, read.Design);
        Assert.Equal(0.2, read.NominalCapacityAh);
        Assert.Equal(cell.CreatedAt, read.CreatedAt);
        Assert.Equal(TimeSpan.FromHours(1), read.CreatedAt.Offset);
        Assert.Equal(new Dictionary<string, string> { ["batch"] = "7", ["lab"] = "Ulm" }, read.Tags);
    }

    [Fact]
    public async Task UpsertingAnExistingCellReplacesDesignAndTagsButKeepsCreatedAt()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        await store.UpsertCellAsync(Samples.Cell("A-1", tags: new Dictionary<string, string> { ["batch"] = "7" }));

        var later = Samples.Created.AddDays(3);
        var changed = Samples.Cell("A-1", coating: "none", tags: new Dictionary<string, string> { ["lab"] = "Ulm" })
            with { CreatedAt = later, UpdatedAt = later };
        Assert.False(await store.UpsertCellAsync(changed));

        var read = (await store.GetCellAsync("A-1"))!;
        Assert.Equal("none", read.Design.Coating);
        Assert.Equal(new Dictionary<string, string> { ["lab"] = "Ulm" }, read.Tags);
        Assert.Equal(Samples.Created, read.CreatedAt);
        Assert.Equal(later, read.UpdatedAt);
        Assert.Equal(1, await store.CountCellsAsync());
    }

    [Fact]
    public async Task AListWithoutTagsStillFiltersOnThemButLeavesThemOut()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        await store.UpsertCellAsync(Samples.Cell("A-1", tags: new Dictionary<string, string> { ["fleet"] = "F" }));
        await store.UpsertCellAsync(Samples.Cell("A-2", tags: new Dictionary<string, string> { ["fleet"] = "G" }));

        var rows = await store.ListCellsAsync(new CellQuery(Tags: new Dictionary<string, string> { ["fleet"] = "F" }, WithTags: false));

        Assert.Equal("A-1", Assert.Single(rows).CellId);
        Assert.Empty(rows[0].Tags);
        Assert.Equal(Samples.Cell("A-1").Design, rows[0].Design);
    }

    [Fact]
    public async Task GettingAnUnknownCellReturnsNull()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        Assert.Null(await store.GetCellAsync("nope"));
    }

    [Fact]
    public async Task ListingFiltersByDesignAndEveryTagAndPagesByCellId()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        for (var i = 0; i < 10; i++)
        {
            var tags = new Dictionary<string, string> { ["batch"] = (i % 2).ToString(), ["lab"] = i < 6 ? "Ulm" : "Kyoto" };
            await store.UpsertCellAsync(Samples.Cell($"C-{i:00}", coating: i % 3 == 0 ? "none" : "Al2O3", tags: tags));
        }

        var coated = await store.ListCellsAsync(new CellQuery(Coating: "Al2O3"));
        Assert.Equal(["C-01", "C-02", "C-04", "C-05", "C-07", "C-08"], coated.Select(c => c.CellId));

        var tagged = await store.ListCellsAsync(new CellQuery(Tags: new Dictionary<string, string> { ["batch"] = "0", ["lab"] = "Ulm" }));
        Assert.Equal(["C-00", "C-02", "C-04"], tagged.Select(c => c.CellId));

        var page1 = await store.ListCellsAsync(new CellQuery(Limit: 4));
        var page2 = await store.ListCellsAsync(new CellQuery(AfterCellId: page1[^1].CellId, Limit: 4));
        var page3 = await store.ListCellsAsync(new CellQuery(AfterCellId: page2[^1].CellId, Limit: 4));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"C-{i:00}"), page1.Concat(page2).Concat(page3).Select(c => c.CellId));
        Assert.Equal(2, page3.Count);

        var none = await store.ListCellsAsync(new CellQuery(Electrode: "LFP"));
        Assert.Empty(none);
    }

    [Fact]
    public async Task DeletingACellRemovesItsCyclesAndGrainStateButNothingElse()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        await store.UpsertCellAsync(Samples.Cell("A", tags: new Dictionary<string, string> { ["x"] = "1" }));
        await store.UpsertCellAsync(Samples.Cell("B"));
        await store.AppendAsync([.. Samples.Cycles("A", 1, 5), .. Samples.Cycles("B", 1, 3)], AppendMode.AllOrNothing);
        await store.WriteAsync("cell", "A", "{}", null);
        await store.WriteAsync("cell", "B", "{}", null);

        Assert.True(await store.DeleteCellAsync("A"));

        Assert.Null(await store.GetCellAsync("A"));
        Assert.Equal(0, await store.CountCyclesAsync("A"));
        Assert.False((await store.ReadAsync("cell", "A")).Exists);
        Assert.Equal(3, await store.CountCyclesAsync("B"));
        Assert.True((await store.ReadAsync("cell", "B")).Exists);
        Assert.False(await store.DeleteCellAsync("A"));

        // The id can be registered again from scratch.
        Assert.True(await store.UpsertCellAsync(Samples.Cell("A")));
        Assert.Empty((await store.GetCellAsync("A"))!.Tags);
    }

    [Fact]
    public async Task CountingByCoatingGroupsCellsByElectrodeAndCoatingWithTheirStoredClasses()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        for (var i = 0; i < 5; i++)
            await store.UpsertCellAsync(Samples.Cell($"C-{i}", coating: i < 3 ? "Al2O3" : "none"));
        // No stored classes: the caller infers them from the names.
        await store.UpsertCellAsync(Samples.Cell("S-1") with { Design = new("Si nanoparticles", "alucone", null, 5, null, "LP30", null, 200, null, 25) });

        var counts = (await store.CountCellsByCoatingAsync()).OrderBy(c => c.Coating, StringComparer.Ordinal).ToList();

        Assert.Equal(
            [new CoatingCount("NMC811", "layered_oxide", "Al2O3", "oxide", 3),
             new CoatingCount("Si nanoparticles", null, "alucone", null, 1),
             new CoatingCount("NMC811", "layered_oxide", "none", "oxide", 2)],
            counts);
        Assert.True(await store.DeleteCellAsync("S-1"));
        Assert.DoesNotContain(await store.CountCellsByCoatingAsync(), c => c.Coating == "alucone");
    }
}

public sealed class SqliteCellStoreTests : CellStoreTests<SqliteDatabase>;

public sealed class PostgresCellStoreTests : CellStoreTests<PostgresDatabase>;
