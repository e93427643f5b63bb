using Twin.Core.Cycles;

namespace Twin.Storage.Tests;

/// <summary>Cycle pages, the chart series and the cell list's text search and sort, on both stores.</summary>
public abstract class PagingAndSearchTests<TDatabase> where TDatabase : ITestDatabase, new()
{
    [Fact]
    public async Task CyclePagesFollowEachOtherWithoutGapsOrRepeats()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        await store.UpsertCellAsync(Samples.Cell("A"));
        await store.UpsertCellAsync(Samples.Cell("B"));
        await store.AppendAsync(Samples.Cycles("A", 1, 7), AppendMode.AllOrNothing);
        await store.AppendAsync(Samples.Cycles("B", 1, 3), AppendMode.AllOrNothing);

        Assert.Equal([1, 2, 3], (await store.ReadCyclesPageAsync("A", int.MinValue, 3)).Select(c => c.Cycle));
        Assert.Equal([4, 5, 6], (await store.ReadCyclesPageAsync("A", 3, 3)).Select(c => c.Cycle));
        Assert.Equal([7], (await store.ReadCyclesPageAsync("A", 6, 3)).Select(c => c.Cycle));
        Assert.Empty(await store.ReadCyclesPageAsync("A", 7, 3));
    }

    [Fact]
    public async Task TheSeriesKeepsEveryPointWhenFewAndTheExtremesWhenDecimated()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        await store.UpsertCellAsync(Samples.Cell("A"));
        var rows = Enumerable.Range(1, 5000).Select(n => new CycleRecord("A", n, n == 2345 ? 0.3 : n == 4000 ? 1.9 : 1.0 - n * 1e-5)).ToList();
        await store.AppendAsync(rows, AppendMode.AllOrNothing);

        var all = await store.ReadCycleSeriesAsync("A", 5000);
        Assert.Equal(rows.Select(r => (r.Cycle, r.DischargeCapacityAh)), all.Select(p => (p.Cycle, p.DischargeCapacityAh)));

        var few = await store.ReadCycleSeriesAsync("A", 200);
        Assert.InRange(few.Count, 150, 200);
        Assert.Equal((1, 5000), (few[0].Cycle, few[^1].Cycle));
        Assert.Contains(new CyclePoint(2345, 0.3), few);
        Assert.Contains(new CyclePoint(4000, 1.9), few);
        Assert.Equal(few.Select(p => p.Cycle).Order(), few.Select(p => p.Cycle));
    }

    [Fact]
    public async Task SearchMatchesIdDesignAndTagValuesCaseInsensitivelyAndTakesWildcardsLiterally()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        await store.UpsertCellAsync(Samples.Cell("x1") with { Tags = new Dictionary<string, string> { ["batch"] = "Lot_7" } });
        await store.UpsertCellAsync(Samples.Cell("x2") with { Tags = new Dictionary<string, string> { ["batch"] = "lotX7" } });
        await store.UpsertCellAsync(Samples.Cell("LOT-3"));

        Assert.Equal(["LOT-3", "x1", "x2"], Ids(await store.ListCellsAsync(new CellQuery(Search: "lot"))));
        Assert.Equal(["x1"], Ids(await store.ListCellsAsync(new CellQuery(Search: "t_7"))));
        Assert.Empty(await store.ListCellsAsync(new CellQuery(Search: "%")));
    }

    [Fact]
    public async Task ASortedListPagesByKeyInBothDirections()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        foreach (var (id, coating) in new[] { ("a", "ZnO"), ("b", "Al2O3"), ("c", "ZnO"), ("d", "TiO2") })
            await store.UpsertCellAsync(Samples.Cell(id, coating));

        var first = await store.ListCellsAsync(new CellQuery(Sort: CellSort.Coating, Limit: 2));
        Assert.Equal(["b", "d"], Ids(first));
        Assert.Equal(["a", "c"], Ids(await store.ListCellsAsync(new CellQuery(Sort: CellSort.Coating, AfterCellId: "d", Limit: 2))));
        Assert.Equal(["c", "a", "d"], Ids(await store.ListCellsAsync(new CellQuery(Sort: CellSort.Coating, Descending: true, Limit: 3))));
        Assert.Equal(["d", "b"], Ids(await store.ListCellsAsync(new CellQuery(Sort: CellSort.Coating, Descending: true, AfterCellId: "a"))));
        Assert.Equal(["d", "c", "b", "a"], Ids(await store.ListCellsAsync(new CellQuery(Descending: true))));
    }

    static IEnumerable<string> Ids(IReadOnlyList<CellRow> cells) => cells.Select(c => c.CellId);
}

public sealed class SqlitePagingAndSearchTests : PagingAndSearchTests<SqliteDatabase>;

public sealed class PostgresPagingAndSearchTests : PagingAndSearchTests<PostgresDatabase>;
