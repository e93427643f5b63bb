using Twin.Core.Cycles;
using Twin.Core.Designs;
using Twin.Storage;
using Twin.Storage.Sqlite;

namespace Twin.Cli.Tests;

/// <summary>`twin backup` against a store that is being written, then `twin restore`, as real processes.</summary>
public sealed class BackupCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("twin-backup-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Data(string name) => Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;

    static async Task Register(SqliteStore store, string cellId)
    {
        var now = DateTimeOffset.UtcNow;
        await store.UpsertCellAsync(new CellRow(cellId, new CellDesign("LCO", "none", null, null, null, "LiPF6 in EC/DEC", null, null, 0.5, 25),
            new Dictionary<string, string>(), 1.1, now, now));
    }

    static async Task<(long Count, bool Contiguous)> Stored(string data, string cellId)
    {
        await using var store = await SqliteStore.OpenAsync(Path.Combine(data, "twin.db"));
        var cycles = await store.ReadCyclesAsync(cellId);
        return (cycles.Count, cycles.Select((c, i) => c.Cycle == i + 1).All(ok => ok));
    }

    [Fact]
    public async Task ABackupTakenWhileCyclesArriveRestoresEveryCycleAcknowledgedBeforeItAndNoHalfBatch()
    {
        var live = Data("live");
        await using var store = await SqliteStore.OpenAsync(Path.Combine(live, "twin.db"));
        await Register(store, "c1");
        long acknowledged = 0;
        using var stop = new CancellationTokenSource();
        // The server's part: batches of 10 cycles, in order, each acknowledged once committed.
        var writer = Task.Run(async () =>
        {
            for (var next = 1; !stop.IsCancellationRequested; next += 10)
            {
                var batch = Enumerable.Range(next, 10).Select(n => new CycleRecord("c1", n, 1.1 - n * 1e-6)).ToList();
                await store.AppendAsync(batch, AppendMode.AllOrNothing);
                Interlocked.Add(ref acknowledged, batch.Count);
            }
        });
        var spin = new SpinWait();
        while (Interlocked.Read(ref acknowledged) < 2000) spin.SpinOnce();

        var before = Interlocked.Read(ref acknowledged);
        var backup = Path.Combine(_dir, "during.db");
        var (code, stdout, stderr) = TwinProcess.Run("backup", "--out", backup, "--data", live);
        var after = Interlocked.Read(ref acknowledged);
        stop.Cancel();
        await writer;

        Assert.True(code == 0, stderr);
        Assert.Contains("integrity ok", stdout);
        var restored = Data("restored");
        var (restoreCode, restoreOut, restoreErr) = TwinProcess.Run("restore", backup, "--data", restored);
        Assert.True(restoreCode == 0, restoreErr);
        var (count, contiguous) = await Stored(restored, "c1");
        Assert.True(contiguous, "the backup holds a gap: not a consistent snapshot");
        Assert.InRange(count, before, Math.Max(before, after + 10));
        Assert.Equal(0, count % 10); // whole batches only
        Assert.Contains($"{count} cycles", restoreOut);

        // Once writing stops, a backup holds every acknowledged cycle.
        var final = Path.Combine(_dir, "final.db");
        Assert.Equal(0, TwinProcess.Run("backup", "--out", final, "--data", live).ExitCode);
        var again = Data("again");
        Assert.Equal(0, TwinProcess.Run("restore", final, "--data", again).ExitCode);
        Assert.Equal((Interlocked.Read(ref acknowledged), true), await Stored(again, "c1"));
    }

    [Fact]
    public async Task ABackupNeverOverwritesAndARestoreNeedsForceOverAnExistingStore()
    {
        var live = Data("live");
        await using (var store = await SqliteStore.OpenAsync(Path.Combine(live, "twin.db"))) await Register(store, "c1");
        var backup = Path.Combine(_dir, "b.db");
        Assert.Equal(0, TwinProcess.Run("backup", "--out", backup, "--data", live).ExitCode);

        var (again, _, againErr) = TwinProcess.Run("backup", "--out", backup, "--data", live);
        var (over, _, overErr) = TwinProcess.Run("restore", backup, "--data", live);
        var (forced, forcedOut, forcedErr) = TwinProcess.Run("restore", backup, "--data", live, "--force");

        Assert.Equal(1, again);
        Assert.Contains("already exists", againErr);
        Assert.Equal(1, over);
        Assert.Contains("--force", overErr);
        Assert.True(forced == 0, forcedErr);
        Assert.Contains("1 cells", forcedOut);
    }

    [Fact]
    public void RestoringAFileThatIsNotATwinStoreIsRefusedWithExitCode2()
    {
        var notADatabase = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(notADatabase, "these are not the pages you are looking for\n");
        var data = Data("target");

        var (code, _, stderr) = TwinProcess.Run("restore", notADatabase, "--data", data);

        Assert.Equal(2, code);
        Assert.StartsWith("error: ", stderr);
        Assert.Contains("not a readable SQLite database", stderr);
        Assert.False(File.Exists(Path.Combine(data, "twin.db")));
    }

    [Fact]
    public void BackingUpAMissingStoreNamesTheDataDirectory()
    {
        var (code, _, stderr) = TwinProcess.Run("backup", "--out", Path.Combine(_dir, "x.db"), "--data", Path.Combine(_dir, "nowhere"));

        Assert.Equal(1, code);
        Assert.Contains("--data", stderr);
    }
}
