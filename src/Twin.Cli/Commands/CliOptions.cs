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

    /// <summary>Runs a command body, turning expected failures into a message on stderr and exit code 1 (2 for bad input).</summary>
    public static async Task<int> Run(Func<Task<int>> body)
    {
        try
        {
            return await body();
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
