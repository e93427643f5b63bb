using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Twin.Api.Infrastructure;
using Twin.Ml.Models;

namespace Twin.Api.Models;

/// <summary>
/// Trained versions on disk: <c>{DataDirectory}/models/{version}/</c> (beside the store; the shipped
/// model in Twin:ModelDirectory is never written) holds the ONNX file, its
/// card and the gate report. A version is written into a temporary folder, each file flushed to
/// disk, and the folder renamed last, so a folder under its own name is always complete; a
/// version is never overwritten. Leftover temporary folders (a killed job) are removed at start.
/// </summary>
public sealed class ModelVersions
{
    const string TempPrefix = ".tmp-";
    public const string GateFile = "gates.json";

    public ModelVersions(IOptions<TwinOptions> options)
    {
        ModelName = options.Value.ModelName;
        Root = Path.GetFullPath(Path.Combine(options.Value.DataDirectory, "models"));
        Directory.CreateDirectory(Root);
        foreach (var stale in Directory.EnumerateDirectories(Root, TempPrefix + "*"))
            try { Directory.Delete(stale, recursive: true); } catch (IOException) { }
    }

    public string Root { get; }
    public string ModelName { get; }

    public bool Exists(string version) => Directory.Exists(Path.Combine(Root, version));

    public void Save(string version, byte[] onnx, ModelCard card, GateReport gates)
    {
        var target = Path.Combine(Root, version);
        if (Directory.Exists(target)) throw new IOException($"model version {version} already exists; versions are never overwritten.");
        var temp = Path.Combine(Root, TempPrefix + version);
        Directory.CreateDirectory(temp);
        try
        {
            Write(Path.Combine(temp, ModelFiles.OnnxPath("", ModelName)), onnx);
            Write(Path.Combine(temp, ModelFiles.CardPath("", ModelName)), JsonSerializer.SerializeToUtf8Bytes(card, ModelCard.Json));
            Write(Path.Combine(temp, GateFile), JsonSerializer.SerializeToUtf8Bytes(gates, ModelCard.Json));
            Directory.Move(temp, target);
        }
        catch
        {
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>Versions on disk, newest first, with their cards and gate reports.</summary>
    public IReadOnlyList<(string Version, ModelCard Card, GateReport? Gates)> List() =>
        Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>()
            .Where(v => !v.StartsWith(TempPrefix, StringComparison.Ordinal))
            .Select(Read).OfType<(string, ModelCard, GateReport?)>()
            .OrderByDescending(v => v.Item2.CreatedAt).ToArray();

    public (string Version, ModelCard Card, GateReport? Gates)? Read(string version)
    {
        var folder = Path.Combine(Root, version);
        var card = Path.Combine(folder, ModelFiles.CardPath("", ModelName));
        if (!File.Exists(card)) return null;
        var gates = Path.Combine(folder, GateFile);
        return (version, JsonSerializer.Deserialize<ModelCard>(File.ReadAllBytes(card), ModelCard.Json)!,
            File.Exists(gates) ? JsonSerializer.Deserialize<GateReport>(File.ReadAllBytes(gates), ModelCard.Json) : null);
    }

    static void Write(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }
}

/// <summary>The gates a candidate passed or failed, kept with the version whatever the outcome.</summary>
public sealed record GateReport(
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("gates")] IReadOnlyList<Gate> Gates,
    [property: JsonPropertyName("parent_version")] string? ParentVersion,
    [property: JsonPropertyName("started_by")] string? StartedBy,
    [property: JsonPropertyName("store_cells")] int StoreCells,
    [property: JsonPropertyName("store_finished")] int StoreFinished,
    [property: JsonPropertyName("store_censored")] int StoreCensored,
    [property: JsonPropertyName("store_cells_by_fleet")] IReadOnlyDictionary<string, int> StoreCellsByFleet);

public sealed record Gate(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("limit")] double Limit,
    [property: JsonPropertyName("detail")] string Detail);
