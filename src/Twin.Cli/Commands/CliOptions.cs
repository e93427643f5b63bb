using System.CommandLine;
using Twin.Ml.Models;

namespace Twin.Cli.Commands;

/// <summary>Options shared by several commands, with the repo's folders as defaults.</summary>
internal static class CliOptions
{
    public static Option<DirectoryInfo> Models() => new("--models")
    {
        Description = "Folder holding NAME.onnx and NAME.card.json (default: the nearest models/ folder).",
        DefaultValueFactory = _ => new DirectoryInfo(ModelLocations.FindUp("models") ?? "models"),
    };

    public static Option<string> Name() => new("--name")
    {
        Description = "Model name inside the models folder.",
        DefaultValueFactory = _ => ModelLocations.DefaultModelName,
    };

    public static Option<DirectoryInfo> Data() => new("--data")
    {
        Description = "Training data folder (default: the nearest training-data/ folder).",
        DefaultValueFactory = _ => new DirectoryInfo(ModelLocations.FindUp("training-data") ?? "training-data"),
    };

    /// <summary>
    /// Parses and runs; a command line that does not parse (unknown option, missing argument, a
    /// value of the wrong type) is bad input: the parser's messages and exit code 2.
    /// </summary>
    public static async Task<int> Invoke(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && !args.Any(a => a is "--help" or "-h" or "-?"))
        {
            foreach (var e in parse.Errors) await Console.Error.WriteLineAsync($"error: {e.Message}");
            var command = string.Join(' ', parse.CommandResult.Command is RootCommand ? [] : Path(parse.CommandResult));
            await Console.Error.WriteLineAsync($"see: twin {(command.Length > 0 ? command + " " : "")}--help");
            return 2;
        }
        return await parse.InvokeAsync();
    }

    static IEnumerable<string> Path(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var r = result; r is not null && r.Command is not RootCommand; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, r.Command.Name);
        return names;
    }

    /// <summary>Runs a command body, turning expected failures into a message on stderr and exit code 1 (2 for bad input).</summary>
    public static async Task<int> Run(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Server.ServerException e)
        {
            foreach (var d in e.Details) await Console.Error.WriteLineAsync(d);
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (Import.CyclerImportException e)
        {
            // A file the importer cannot read is bad input: the message names the line and column.
            if (e is Import.CyclerFormatMismatchException m) await Console.Error.WriteLineAsync($"missing columns: {string.Join(", ", m.MissingColumns)}");
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is Core.Csv.CsvFormatException or FormatException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ExportGateException or InvalidOperationException or Storage.StoreUnavailableException or Npgsql.NpgsqlException
                                      or Ml.Interop.XGBoost.XGBoostException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or DllNotFoundException
                                      // A missing native library: XGBoost's message names `bash scripts/setup.sh`, ONNX Runtime's the rebuild.
                                      or NotSupportedException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }
}
