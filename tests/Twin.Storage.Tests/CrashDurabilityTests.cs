using System.Diagnostics;

namespace Twin.Storage.Tests;

/// <summary>
/// "Acknowledged means durable": a child process appends batches and acknowledges each one
/// on stdout once AppendAsync has returned; it is killed with SIGKILL mid-stream, and every
/// acknowledged row must then be stored (in the SQLite file, or committed by the PostgreSQL
/// server whose client vanished), with no batch half-written.
/// </summary>
public abstract class CrashDurabilityTests<TDatabase> where TDatabase : ITestDatabase, new()
{
    private const int AcksBeforeKill = 25;

    [Fact]
    public async Task EveryAcknowledgedBatchSurvivesAKillMinusNineOfTheWriter()
    {
        await using var db = new TDatabase();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var lastAck = -1;
        using (var child = StartChild(db))
        {
            var stderr = child.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                while (lastAck < AcksBeforeKill - 1)
                {
                    var line = await child.StandardOutput.ReadLineAsync(timeout.Token)
                        ?? throw new Xunit.Sdk.XunitException($"The child exited early (code {(child.WaitForExit(5000) ? child.ExitCode : -1)}): {await stderr}");
                    if (line.StartsWith("ACK ", StringComparison.Ordinal))
                        lastAck = int.Parse(line.AsSpan(4));
                }
            }
            finally
            {
                // SIGKILL on Unix, TerminateProcess on Windows: no managed code runs after it.
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync(timeout.Token);
            }
            Assert.NotEqual(0, child.ExitCode);
        }

        await using var store = await db.OpenAsync();
        var perCell = new List<long>();
        for (var c = 0; c < AppendChild.Cells; c++)
        {
            var cycles = await store.ReadCyclesAsync(AppendChild.CellId(c), timeout.Token);
            perCell.Add(cycles.Count);
            var acknowledged = (lastAck + 1) * AppendChild.CyclesPerCellPerBatch;
            Assert.True(cycles.Count >= acknowledged, $"cell {c}: {cycles.Count} cycles stored, {acknowledged} acknowledged");
            Assert.Equal(0, cycles.Count % AppendChild.CyclesPerCellPerBatch);
            for (var i = 0; i < cycles.Count; i++)
                Assert.Equal(Samples.Cycle(AppendChild.CellId(c), i + 1), cycles[i]);
        }
        // Batches are transactions across cells: every cell stops at the same batch.
        Assert.Single(perCell.Distinct());
    }

    private static Process StartChild(ITestDatabase db)
    {
        var assembly = typeof(AppendChild).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("append-child");
        start.ArgumentList.Add(db.Kind);
        start.ArgumentList.Add(db.Target);
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the child process.");
    }
}

public sealed class SqliteCrashDurabilityTests : CrashDurabilityTests<SqliteDatabase>;

public sealed class PostgresCrashDurabilityTests : CrashDurabilityTests<PostgresDatabase>;
