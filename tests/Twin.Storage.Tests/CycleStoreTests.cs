using Twin.Core.Cycles;

namespace Twin.Storage.Tests;

public abstract class CycleStoreTests<TDatabase> where TDatabase : ITestDatabase, new()
{
    [Fact]
    public async Task AppendedCyclesReadBackOrderedByCycleWithEveryField()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        await store.UpsertCellAsync(Samples.Cell("A"));
        var rows = Samples.Cycles("A", 1, 5);
        rows.Reverse();
        rows.Add(new CycleRecord("A", 6, 0.19));

        var result = await store.AppendAsync(rows, AppendMode.AllOrNothing);

        Assert.Equal(6, result.Inserted);
        Assert.Equal(0, result.Duplicates);
        Assert.Empty(result.Conflicts);
        var read = await store.ReadCyclesAsync("A");
        Assert.Equal([1, 2, 3, 4, 5, 6], read.Select(r => r.Cycle));
        Assert.Equal(Samples.Cycle("A", 3), read[2]);
        Assert.Equal(new CycleRecord("A", 6, 0.19), read[5]);
        Assert.Equal([5, 6], (await store.ReadCyclesSinceAsync("A", 4)).Select(r => r.Cycle));
        Assert.Equal(6, await store.CountCyclesAsync("A"));
        Assert.Equal(6, await store.CountCyclesAsync());
    }

    [Fact]
    public async Task AllCapacitiesComeCellAfterCellInCycleOrderInOnePass()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        Assert.Empty(await store.ReadAllCapacitiesAsync().ToListAsync());
        foreach (var id in new[] { "B", "A", "C" }) await store.UpsertCellAsync(Samples.Cell(id));
        await store.AppendAsync([.. Samples.Cycles("B", 1, 3), new CycleRecord("A", 7, 0.18), new CycleRecord("A", 2, 0.2)], AppendMode.AllOrNothing);

        var all = await store.ReadAllCapacitiesAsync().ToListAsync();

        Assert.Equal(["A", "B"], all.Select(c => c.CellId)); // C has no cycles
        Assert.Equal([(2, 0.2), (7, 0.18)], all[0].Points);
        Assert.Equal(Samples.Cycles("B", 1, 3).Select(r => (r.Cycle, r.DischargeCapacityAh)), all[1].Points);
    }

    [Fact]
    public async Task SendingTheSameBatchTwiceCountsDuplicatesAndChangesNothing()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        await store.UpsertCellAsync(Samples.Cell("A"));
        var rows = Samples.Cycles("A", 1, 10);
        await store.AppendAsync(rows, AppendMode.AllOrNothing);

        // A timestamp in another offset is the same instant, so still identical.
        var again = rows.Select(r => r with { Timestamp = r.Timestamp!.Value.ToOffset(TimeSpan.FromHours(-5)) }).ToList();
        var result = await store.AppendAsync([.. again, .. Samples.Cycles("A", 11, 2)], AppendMode.AllOrNothing);

        Assert.Equal(2, result.Inserted);
        Assert.Equal(10, result.Duplicates);
        Assert.Empty(result.Conflicts);
        Assert.Equal(12, await store.CountCyclesAsync("A"));
    }

    [Fact]
    public async Task AConflictingRowInAllOrNothingModeRollsBackTheWholeBatch()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        await store.UpsertCellAsync(Samples.Cell("A"));
        await store.AppendAsync(Samples.Cycles("A", 1, 3), AppendMode.AllOrNothing);

        var changed = Samples.Cycle("A", 2) with { DischargeCapacityAh = 0.1 };
        var result = await store.AppendAsync([.. Samples.Cycles("A", 4, 5), changed], AppendMode.AllOrNothing);

        Assert.Equal(0, result.Inserted);
        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal(new CycleConflict("A", 2, Samples.Cycle("A", 2), changed), conflict);
        Assert.Equal(3, await store.CountCyclesAsync("A"));
        Assert.Equal(Samples.Cycle("A", 2), (await store.ReadCyclesAsync("A"))[1]);
    }

    [Fact]
    public async Task AConflictingRowInSkipConflictsModeIsReportedAndTheRestWritten()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        await store.UpsertCellAsync(Samples.Cell("A"));
        await store.AppendAsync(Samples.Cycles("A", 1, 3), AppendMode.AllOrNothing);

        var changed = Samples.Cycle("A", 2) with { TemperatureC = null };
        var result = await store.AppendAsync([Samples.Cycle("A", 1), changed, .. Samples.Cycles("A", 4, 2)], AppendMode.SkipConflicts);

        Assert.Equal(2, result.Inserted);
        Assert.Equal(1, result.Duplicates);
        Assert.Equal(changed, Assert.Single(result.Conflicts).Sent);
        Assert.Equal([1, 2, 3, 4, 5], (await store.ReadCyclesAsync("A")).Select(r => r.Cycle));
        Assert.Equal(25.5, (await store.ReadCyclesAsync("A"))[1].TemperatureC);
    }

    [Fact]
    public async Task TwoDifferentRowsForOneCycleInsideABatchConflictWithTheFirst()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        await store.UpsertCellAsync(Samples.Cell("A"));
        var first = Samples.Cycle("A", 1);
        var second = first with { DischargeCapacityAh = 0.15 };

        var allOrNothing = await store.AppendAsync([first, second], AppendMode.AllOrNothing);
        Assert.Equal(new CycleConflict("A", 1, first, second), Assert.Single(allOrNothing.Conflicts));
        Assert.Equal(0, await store.CountCyclesAsync("A"));

        var skip = await store.AppendAsync([first, first, second], AppendMode.SkipConflicts);
        Assert.Equal((1, 1), (skip.Inserted, skip.Duplicates));
        Assert.Equal(new CycleConflict("A", 1, first, second), Assert.Single(skip.Conflicts));
        Assert.Equal([first], await store.ReadCyclesAsync("A"));
    }

    [Fact]
    public async Task LargeBatchesMixingNewDuplicateAndConflictingRowsAreCountedExactly()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        await store.UpsertCellAsync(Samples.Cell("A"));
        await store.UpsertCellAsync(Samples.Cell("B"));
        Assert.Equal(200, (await store.AppendAsync(Samples.Cycles("A", 1, 200), AppendMode.AllOrNothing)).Inserted);

        // 1..300 of A (1..200 stored, 150 changed), then 500 new rows of B with one repeat inside.
        var resend = Samples.Cycles("A", 1, 300);
        resend[149] = resend[149] with { EnergyWh = 0.5 };
        var fresh = Samples.Cycles("B", 1, 500);
        fresh.Insert(400, fresh[10]);
        var result = await store.AppendAsync([.. resend, .. fresh], AppendMode.SkipConflicts);

        Assert.Equal(100 + 500, result.Inserted);
        Assert.Equal(199 + 1, result.Duplicates);
        Assert.Equal(new CycleConflict("A", 150, Samples.Cycle("A", 150), resend[149]), Assert.Single(result.Conflicts));
        Assert.Equal(Samples.Cycles("A", 1, 300), await store.ReadCyclesAsync("A"));
        Assert.Equal(Samples.Cycles("B", 1, 500), await store.ReadCyclesAsync("B"));

        var again = await store.AppendAsync([.. resend, .. fresh], AppendMode.AllOrNothing);
        Assert.Equal((0, 800, 1), (again.Inserted, again.Duplicates, again.Conflicts.Count));
    }

    [Fact]
    public async Task CyclesForUnregisteredCellsAreRejectedWithTheirIdsAndNothingIsWritten()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        await store.UpsertCellAsync(Samples.Cell("A"));

        var error = await Assert.ThrowsAsync<UnknownCellException>(() =>
            store.AppendAsync([.. Samples.Cycles("A", 1, 2), Samples.Cycle("X", 1), Samples.Cycle("Y", 1), Samples.Cycle("X", 2)], AppendMode.SkipConflicts));

        Assert.Equal(["X", "Y"], error.CellIds);
        Assert.Contains("X, Y", error.Message);
        Assert.Equal(0, await store.CountCyclesAsync());
    }

    [Fact]
    public async Task AnEmptyBatchWritesNothing()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        var result = await store.AppendAsync([], AppendMode.AllOrNothing);
        Assert.Equal((0, 0, 0), (result.Inserted, result.Duplicates, result.Conflicts.Count));
    }

    [Fact]
    public async Task ACancelledAppendWritesNothing()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        await store.UpsertCellAsync(Samples.Cell("A"));
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.AppendAsync(Samples.Cycles("A", 1, 10), AppendMode.AllOrNothing, cts.Token));
        Assert.Equal(0, await store.CountCyclesAsync());
    }

    [Fact]
    public async Task ConcurrentAppendsFromManyCallersAllLand()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        for (var c = 0; c < 8; c++)
            await store.UpsertCellAsync(Samples.Cell($"C{c}"));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(c =>
            Task.Run(() => store.AppendAsync(Samples.Cycles($"C{c}", 1, 500), AppendMode.AllOrNothing))));

        Assert.All(results, r => Assert.Equal(500, r.Inserted));
        Assert.Equal(4000, await store.CountCyclesAsync());
    }

    [Fact]
    public async Task TheSameRowsAppendedAtOnceThroughTwoNodesAreStoredOnceAndCountedOnce()
    {
        await using var db = new TDatabase();
        await using var nodeA = await db.OpenAsync();
        await using var nodeB = await db.OpenAsync();
        for (var c = 0; c < 4; c++)
            await nodeA.UpsertCellAsync(Samples.Cell($"C{c}"));
        var batches = Enumerable.Range(0, 4).Select(c => Samples.Cycles($"C{c}", 1, 300)).ToList();

        // Every batch is sent through both nodes at once, as a client retrying on another silo would.
        var results = await Task.WhenAll(batches.SelectMany(batch => new[] { nodeA, nodeB }.Select(node =>
            Task.Run(() => node.AppendAsync(batch, AppendMode.AllOrNothing)))));

        Assert.Equal(1200, results.Sum(r => r.Inserted));
        Assert.Equal(1200, results.Sum(r => r.Duplicates));
        Assert.All(results, r => Assert.Empty(r.Conflicts));
        for (var c = 0; c < 4; c++)
            Assert.Equal(batches[c], await nodeB.ReadCyclesAsync($"C{c}"));
    }
}

public sealed class SqliteCycleStoreTests : CycleStoreTests<SqliteDatabase>;

public sealed class PostgresCycleStoreTests : CycleStoreTests<PostgresDatabase>;
