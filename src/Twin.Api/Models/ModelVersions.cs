using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Twin.Api.Infrastructure;
using Twin.Ml.Models;
using Twin.Ml.Prediction;
using Twin.Storage;

namespace Twin.Api.Models;

/// <summary>
/// Trained versions: a row in the registry table of the store (what every silo loads from, with
/// the ONNX bytes, the card and the gate report; never overwritten) and a copy of the files under
/// <c>{DataDirectory}/models/{version}/</c> for people to inspect (the shipped model in
/// Twin:ModelDirectory is never written). The folder is written first — into a temporary folder,
/// each file flushed, renamed last — and the row after it: the row is the commit. A killed job
/// leaves at most a folder without a row, removed at the next start with any temporary folder.
/// </summary>
public sealed class ModelVersions
{
    const string TempPrefix = ".tmp-";
    public const string GateFile = "gates.json";
    readonly IModelRegistryStore _registry;

    public ModelVersions(IModelRegistryStore registry, IOptions<TwinOptions> options)
    {
        _registry = registry;
        ModelName = options.Value.ModelName;
        Root = Path.GetFullPath(Path.Combine(options.Value.DataDirectory, "models"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }
    public string ModelName { get; }

    /// <summary>Removes what a killed job left on disk: temporary folders, and folders whose version never reached the registry.</summary>
    public async Task RemoveUncommittedAsync(CancellationToken ct)
    {
        var committed = (await _registry.ListModelVersionsAsync(ct)).Select(v => v.Version).ToHashSet(StringComparer.Ordinal);
        foreach (var folder in Directory.EnumerateDirectories(Root))
            if (Path.GetFileName(folder) is { } name && (name.StartsWith(TempPrefix, StringComparison.Ordinal) || !committed.Contains(name)))
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    public async Task SaveAsync(string version, byte[] onnx, ModelCard card, GateReport gates, string? jobId, CancellationToken ct)
    {
        var target = Path.Combine(Root, version);
        if (Directory.Exists(target) || await _registry.GetModelVersionAsync(version, ct) is not null)
            throw new IOException($"model version {version} already exists; versions are never overwritten.");
        var cardJson = JsonSerializer.SerializeToUtf8Bytes(card, ModelCard.Json);
        var gatesJson = JsonSerializer.SerializeToUtf8Bytes(gates, ModelCard.Json);
        var temp = Path.Combine(Root, TempPrefix + version);
        Directory.CreateDirectory(temp);
        try
        {
            Write(Path.Combine(temp, ModelFiles.OnnxPath("", ModelName)), onnx);
            Write(Path.Combine(temp, ModelFiles.CardPath("", ModelName)), cardJson);
            Write(Path.Combine(temp, GateFile), gatesJson);
            Directory.Move(temp, target);
        }
        catch
        {
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { }
            throw;
        }
        var row = new ModelVersionRow(version, card.CreatedAt, card.DataHash, gates.ParentVersion, gates.StartedBy, jobId, gates.Passed,
            System.Text.Encoding.UTF8.GetString(cardJson), System.Text.Encoding.UTF8.GetString(gatesJson));
        if (!await _registry.AddModelVersionAsync(row, onnx, ct))
            throw new IOException($"model version {version} already exists; versions are never overwritten.");
    }

    /// <summary>Every version in the registry, newest first, with its card and gate report.</summary>
    public async Task<IReadOnlyList<StoredVersion>> ListAsync(CancellationToken ct) =>
        (await _registry.ListModelVersionsAsync(ct)).Select(Parse).ToArray();

    public async Task<StoredVersion?> ReadAsync(string version, CancellationToken ct) =>
        await _registry.GetModelVersionAsync(version, ct) is { } row ? Parse(row) : null;

    /// <summary>A version ready to serve, from the registry (so every silo loads the same bytes, whatever its data directory).</summary>
    public async Task<DesignForecaster> LoadAsync(StoredVersion version, ILogger logger, CancellationToken ct)
    {
        var onnx = await _registry.ReadModelOnnxAsync(version.Version, ct)
            ?? throw new InvalidDataException($"model version {version.Version} has no ONNX bytes in the registry.");
        return new DesignForecaster(onnx, version.Card, logger);
    }

    /// <summary>The files of a version's inspection copy on this node's disk.</summary>
    public IReadOnlyList<string> Files(string version)
    {
        var folder = Path.Combine(Root, version);
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>().Order().ToArray() : [];
    }

    static StoredVersion Parse(ModelVersionRow row) => new(row,
        JsonSerializer.Deserialize<ModelCard>(row.CardJson, ModelCard.Json)!,
        JsonSerializer.Deserialize<GateReport>(row.GatesJson, ModelCard.Json));

    static void Write(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }
}

/// <summary>A version from the registry, its card and gate report parsed.</summary>
public sealed record StoredVersion(ModelVersionRow Row, ModelCard Card, GateReport? Gates)
{
    public string Version => Row.Version;
    public bool GatesPassed => Row.GatesPassed;
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
