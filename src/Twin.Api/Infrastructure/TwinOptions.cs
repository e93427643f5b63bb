using System.ComponentModel.DataAnnotations;
using Twin.Ml.Models;

namespace Twin.Api.Infrastructure;

/// <summary>Server settings, bound from the "Twin" configuration section (appsettings.json, TWIN__* environment variables).</summary>
public sealed class TwinOptions
{
    public const string Section = "Twin";

    /// <summary>Folder with NAME.onnx + NAME.card.json; empty means the nearest models/ folder (the shipped model).</summary>
    public string? ModelDirectory { get; set; }

    [Required(AllowEmptyStrings = false)]
    public string ModelName { get; set; } = ModelLocations.DefaultModelName;

    /// <summary>Where the SQLite database lives; created when missing.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = ".data";

    /// <summary>Largest request body accepted, in bytes (uploads and batches); larger ones get 413.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxRequestBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Most designs in one forecast request.</summary>
    [Range(1, 1_000_000)]
    public int MaxDesignsPerRequest { get; set; } = 10_000;

    public string ResolveModelDirectory() =>
        !string.IsNullOrWhiteSpace(ModelDirectory) ? ModelDirectory
        : ModelLocations.FindUp("models") ?? throw new InvalidOperationException(
            "Twin:ModelDirectory is not set and no models/ folder was found above the working directory; set Twin__ModelDirectory to the folder holding twin-design.onnx.");
}
