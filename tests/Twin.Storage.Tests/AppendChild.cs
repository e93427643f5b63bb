using Twin.Core.Cycles;

namespace Twin.Storage.Tests;

/// <summary>
/// Appends batches forever and prints "ACK n" after batch n's AppendAsync returned, that is
/// after the point where the API would answer 2xx. Batch n holds cycles
/// n*<see cref="CyclesPerCellPerBatch"/>+1 .. (n+1)*<see cref="CyclesPerCellPerBatch"/> of every cell.
/// </summary>
internal static class AppendChild
{
    public const int Cells = 4;
    public const int CyclesPerCellPerBatch = 250;

    public static string CellId(int i) => $"K{i}";

    public static IReadOnlyList<CycleRecord> Batch(int n) =>
        Enumerable.Range(0, Cells)
            .SelectMany(c => Samples.Cycles(CellId(c), n * CyclesPerCellPerBatch + 1, CyclesPerCellPerBatch))
            .ToList();

    public static async Task<int> RunAsync(string kind, string target)
    {
        await using ITwinStore store = kind switch
        {
            "sqlite" => await Sqlite.SqliteStore.OpenAsync(target),
            "postgres" => await Postgres.PostgresStore.OpenAsync(target),
            _ => throw new ArgumentException($"unknown store kind '{kind}'", nameof(kind)),
        };
        for (var c = 0; c < Cells; c++)
            await store.UpsertCellAsync(Samples.Cell(CellId(c)));
        Console.WriteLine("READY");
        for (var n = 0; ; n++)
        {
            var result = await store.AppendAsync(Batch(n), AppendMode.AllOrNothing);
            if (result.Inserted != Cells * CyclesPerCellPerBatch)
            {
                await Console.Error.WriteLineAsync($"batch {n}: {result}");
                return 1;
            }
            Console.WriteLine($"ACK {n}");
            Console.Out.Flush();
        }
    }
}
