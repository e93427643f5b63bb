using System.CommandLine;
using Twin.Actors.Cells;
using Twin.Cli.Output;
using Twin.Cli.Server;
using Twin.Import;
using Twin.Storage;
using Twin.Storage.Sqlite;

namespace Twin.Cli.Commands;

/// <summary>
/// `twin import FILE --cell ID [--format NAME] (--server URL | --data DIR)`. With --server the file is
/// uploaded to the running server (<see cref="ServerImport"/>), which stores it and updates the
/// cell's twin. Otherwise it is read here with Twin.Import and stored in the SQLite file through
/// <see cref="CellIngestion"/>, the same path as POST /api/cells/{id}/files: all or nothing,
/// idempotent (a re-import counts duplicates). That is for a stopped server: a running server's
/// twin does not see cycles written behind its back until it is next activated.
/// </summary>
internal static class ImportCommand
{
    public const string DatabaseFile = "twin.db";

    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The cycler export (Arbin, Maccor, Neware, BioLogic, Novonix, BaSyTec, PEC, BatteryArchive, generic CSV)." };
        var cell = new Option<string>("--cell") { Description = "The registered cell the cycles belong to (PUT /api/cells/{id} first).", Required = true };
        var format = new Option<string?>("--format") { Description = $"Skip detection and read as this format: {CyclerFormats.SupportedList}." };
        var data = new Option<DirectoryInfo>("--data")
        {
            Description = $"The server's data directory holding {DatabaseFile} (default: .data, the server's default).",
            DefaultValueFactory = _ => new DirectoryInfo(".data"),
        };
        var server = new Option<string?>("--server")
        {
            Description = "A running Twin server (e.g. http://127.0.0.1:5080): upload through its API so its twin sees the cycles at once. Without it, --data is written directly (server stopped).",
        };
        var key = ServerOptions.ApiKey();
        var command = new Command("import", "Store the cycles of a cycler export for a registered cell (all or nothing; re-importing is harmless).")
        {
            file, cell, format, data, server, key,
        };
        command.SetAction((parse, ct) =>
        {
            var url = parse.GetValue(server);
            if (url is null) return RunAsync(parse.GetValue(file)!, parse.GetValue(cell)!, parse.GetValue(format), parse.GetValue(data)!, ct);
            return CliOptions.Run(async () =>
            {
                using var client = ServerOptions.Client(url, parse.GetValue(key));
                var f = parse.GetValue(file)!;
                if (!f.Exists) return await Fail(2, $"file '{f.FullName}' does not exist.");
                if (parse.GetValue(format) is { } name && !CyclerFormats.TryParse(name, out _))
                    return await Fail(2, $"'{name}' is not a cycler format; use one of: {CyclerFormats.SupportedList}.");
                return await ServerImport.RunAsync(f, parse.GetValue(cell)!, parse.GetValue(format), client, ct);
            });
        });
        return command;
    }

    static async Task<int> RunAsync(FileInfo file, string cellId, string? formatName, DirectoryInfo data, CancellationToken ct)
    {
        CyclerFormat? format = null;
        if (formatName is not null)
        {
            if (!CyclerFormats.TryParse(formatName, out format))
                return await Fail(2, $"'{formatName}' is not a cycler format; use one of: {CyclerFormats.SupportedList}.");
        }
        if (!file.Exists) return await Fail(2, $"file '{file.FullName}' does not exist.");
        var database = Path.Combine(data.FullName, DatabaseFile);
        if (!File.Exists(database))
            return await Fail(2, $"no Twin database at '{database}'; start the server once (or pass --data DIR) and register the cell with PUT /api/cells/{cellId}.");
        try
        {
            await using var store = await SqliteStore.OpenAsync(database, ct: ct);
            if (await store.GetCellAsync(cellId, ct) is null)
                return await Fail(2, $"cell '{cellId}' is not registered in '{database}'; register it first with PUT /api/cells/{cellId}.");

            ImportResult import;
            using (var stream = Progress.ReadingFile(File.OpenRead(file.FullName), $"reading {file.Name}"))
                import = CyclerFileImporter.ReadCycles(stream, file.Name, format, ct);
            Console.WriteLine($"format: {import.Format.Name()} ({import.DetectionReason})");
            Console.WriteLine($"cycles found: {import.Cycles.Count}");
            var warnings = import.Warnings.ToList();
            var records = CellIngestion.DropCyclesWithoutDischarge(import.Cycles.Select(c => c.ToCycleRecord(cellId)), warnings);
            foreach (var w in warnings) Console.WriteLine($"warning: {w}");
            if (records.Count == 0) return await Fail(2, "the file holds no cycle with a discharge capacity; nothing was stored.");

            var result = await new CellIngestion(store, store).IngestCellAsync(cellId, records.Select(r => CycleRowInput.Parsed(r.Cycle, r)).ToArray(), ct);
            if (result.HasRejections)
            {
                foreach (var r in result.Rejected) await Console.Error.WriteLineAsync($"cycle {r.Row}, {r.Field}: {r.Reason}");
                return await Fail(2, $"{result.RejectedCount} cycle(s) are not valid; nothing was stored.");
            }
            if (result.HasConflicts)
            {
                foreach (var c in result.Conflicts)
                    await Console.Error.WriteLineAsync($"cycle {c.Cycle}: stored discharge {c.Stored.DischargeCapacityAh} Ah, file says {c.Sent.DischargeCapacityAh} Ah (or another value differs)");
                return await Fail(2, $"{result.ConflictCount} cycle(s) differ from the stored ones; nothing was stored (stored cycles are never overwritten).");
            }
            Console.WriteLine($"inserted: {result.Inserted}, duplicates: {result.Duplicates}");
            return 0;
        }
        catch (CyclerImportException e)
        {
            if (e is CyclerFormatMismatchException m) await Console.Error.WriteLineAsync($"missing columns: {string.Join(", ", m.MissingColumns)}");
            return await Fail(2, e.Message);
        }
        catch (UnknownCellException e)
        {
            return await Fail(2, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            return await Fail(1, e.Message);
        }
    }

    static async Task<int> Fail(int code, string message)
    {
        await Console.Error.WriteLineAsync($"error: {message}");
        return code;
    }
}
