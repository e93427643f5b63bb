using System.CommandLine;
using Twin.Storage.Sqlite;

namespace Twin.Cli.Commands;

/// <summary>
/// `twin backup --out FILE [--data DIR]` and `twin restore FILE [--data DIR] [--force]` for the
/// embedded SQLite store (<see cref="SqliteBackup"/>): a backup is consistent while the server runs;
/// a restore needs the server stopped.
/// </summary>
internal static class BackupCommand
{
    static Option<DirectoryInfo> Data() => new("--data")
    {
        Description = $"The server's data directory holding {ImportCommand.DatabaseFile} (default: .data, the server's default).",
        DefaultValueFactory = _ => new DirectoryInfo(".data"),
    };

    public static Command CreateBackup()
    {
        var output = new Option<FileInfo>("--out") { Description = "The backup file to write (never overwritten).", Required = true };
        var data = Data();
        var command = new Command("backup", "Copy the SQLite store to a file, consistently, while the server runs (SQLite's online backup).") { output, data };
        command.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            var summary = await SqliteBackup.BackupAsync(Path.Combine(parse.GetValue(data)!.FullName, ImportCommand.DatabaseFile), parse.GetValue(output)!.FullName, ct);
            Console.WriteLine($"backup written to {summary.Path}: {summary.Cells} cells, {summary.Cycles} cycles, {summary.Bytes} bytes (integrity ok)");
            return 0;
        }));
        return command;
    }

    public static Command CreateRestore()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A file written by `twin backup`." };
        var data = Data();
        var force = new Option<bool>("--force") { Description = "Replace an existing database (stop the server first)." };
        var command = new Command("restore", "Put a backup in place as the store (stop the server first).") { file, data, force };
        command.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            var summary = await SqliteBackup.RestoreAsync(parse.GetValue(file)!.FullName, Path.Combine(parse.GetValue(data)!.FullName, ImportCommand.DatabaseFile), parse.GetValue(force), ct);
            Console.WriteLine($"restored {summary.Path}: {summary.Cells} cells, {summary.Cycles} cycles");
            return 0;
        }));
        return command;
    }
}
