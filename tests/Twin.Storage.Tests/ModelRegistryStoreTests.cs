namespace Twin.Storage.Tests;

public abstract class ModelRegistryStoreTests<TDatabase> where TDatabase : ITestDatabase, new()
{
    static readonly DateTimeOffset T0 = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    static ModelVersionRow Version(string v, bool passed, int minutes) =>
        new(v, T0.AddMinutes(minutes), "sha256:" + v, "shipped-1", "admin-key", "job-" + v, passed, $$"""{"version":"{{v}}"}""", $$"""{"passed":{{(passed ? "true" : "false")}}}""");

    static RetrainJobRow Job(string id, int minutes) =>
        new(id, "queued", "queued", 0, null, null, "ops", T0.AddMinutes(minutes), null, null, T0.AddMinutes(minutes), false, [], new Dictionary<string, double>());

    [Fact]
    public async Task AVersionIsKeptWithItsBytesAndNeverOverwritten()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        byte[] onnx = [1, 2, 3, 0, 255];
        Assert.True(await store.AddModelVersionAsync(Version("v1", true, 0), onnx));
        Assert.True(await store.AddModelVersionAsync(Version("v2", false, 5), [9]));
        Assert.False(await store.AddModelVersionAsync(Version("v1", false, 9), [7]));

        var v1 = await store.GetModelVersionAsync("v1");
        Assert.NotNull(v1);
        Assert.True(v1.GatesPassed);
        Assert.Equal(("sha256:v1", "shipped-1", "job-v1", T0), (v1.DataHash, v1.ParentVersion, v1.JobId, v1.CreatedAt));
        Assert.Equal(onnx, await store.ReadModelOnnxAsync("v1"));
        Assert.Equal(new[] { "v2", "v1" }, (await store.ListModelVersionsAsync()).Select(v => v.Version));
        Assert.Null(await store.GetModelVersionAsync("nope"));
        Assert.Null(await store.ReadModelOnnxAsync("nope"));
    }

    [Fact]
    public async Task TheNewestServingChangeIsTheModelInForceSeenByEveryNode()
    {
        await using var db = new TDatabase();
        await using var first = await db.OpenAsync();
        await using var second = await db.OpenAsync();
        Assert.Null(await first.GetServingAsync());

        var promoted = await first.AddServingChangeAsync("v1", "shipped-1", "promote", "admin", T0);
        var rolledBack = await second.AddServingChangeAsync("shipped-1", "v1", "rollback", "admin", T0.AddMinutes(1));
        Assert.True(rolledBack.Seq > promoted.Seq);
        Assert.Equal(("shipped-1", "v1", "rollback"), ((await first.GetServingAsync())!.Version, (await first.GetServingAsync())!.PreviousVersion, (await first.GetServingAsync())!.Action));
        Assert.Equal(new[] { "shipped-1", "v1" }, (await second.ListServingChangesAsync(10)).Select(c => c.Version));
    }

    [Fact]
    public async Task OnlyOneJobIsActiveAndAFinishedOneFreesTheSlot()
    {
        await using var db = new TDatabase();
        await using var first = await db.OpenAsync();
        await using var second = await db.OpenAsync();
        Assert.True(await first.TryAddRetrainJobAsync(Job("job-a", 0)));
        Assert.False(await second.TryAddRetrainJobAsync(Job("job-b", 1)));

        var running = Job("job-a", 0) with { State = "running", Stage = "training", Percent = 25, StartedAt = T0, HeartbeatAt = T0.AddSeconds(5), Log = ["09:00:00 training"], Timings = new Dictionary<string, double> { ["read_store"] = 0.5 } };
        Assert.False(await first.UpdateRetrainJobAsync(running));
        Assert.True(await second.RequestRetrainCancelAsync("job-a"));
        Assert.True(await first.UpdateRetrainJobAsync(running)); // the runner learns of the cancel from the other node

        var stored = await second.GetRetrainJobAsync("job-a");
        Assert.NotNull(stored);
        Assert.Equal(("running", "training", 25, true), (stored.State, stored.Stage, stored.Percent, stored.CancelRequested));
        Assert.Equal(["09:00:00 training"], stored.Log);
        Assert.Equal(0.5, stored.Timings["read_store"]);

        Assert.True(await first.UpdateRetrainJobAsync(running with { State = "cancelled", FinishedAt = T0.AddSeconds(6) }));
        Assert.False(await second.RequestRetrainCancelAsync("job-a"));
        Assert.True(await second.TryAddRetrainJobAsync(Job("job-b", 1)));
        Assert.Equal(new[] { "job-b", "job-a" }, (await first.ListRetrainJobsAsync(10)).Select(j => j.JobId));
    }

    [Fact]
    public async Task AJobWhoseRunnerStoppedReportingIsFailedAndCannotBeRevived()
    {
        await using var db = new TDatabase();
        await using var store = await db.OpenAsync();
        Assert.True(await store.TryAddRetrainJobAsync(Job("job-a", 0) with { State = "running", HeartbeatAt = T0 }));

        Assert.Equal(0, await store.FailStaleRetrainJobsAsync(T0, "lost", T0.AddMinutes(1)));
        Assert.Equal(1, await store.FailStaleRetrainJobsAsync(T0.AddSeconds(1), "the server running it stopped", T0.AddMinutes(1)));

        var failed = await store.GetRetrainJobAsync("job-a");
        Assert.Equal(("failed", "the server running it stopped"), (failed!.State, failed.Error));
        // A runner that was only slow finds its job gone and stops; the failed row stays failed.
        Assert.True(await store.UpdateRetrainJobAsync(failed with { State = "succeeded", Error = null }));
        Assert.Equal("failed", (await store.GetRetrainJobAsync("job-a"))!.State);
        Assert.True(await store.TryAddRetrainJobAsync(Job("job-b", 2)));
    }
}

public sealed class SqliteModelRegistryStoreTests : ModelRegistryStoreTests<SqliteDatabase>;

public sealed class PostgresModelRegistryStoreTests : ModelRegistryStoreTests<PostgresDatabase>;
