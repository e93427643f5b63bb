using System.ComponentModel.DataAnnotations;
using Twin.Ml.Models;

namespace Twin.Api.Infrastructure;

/// <summary>Server settings, bound from the "Twin" configuration section (appsettings.json, TWIN__* environment variables).</summary>
public sealed class TwinOptions : IValidatableObject
{
    public const string Section = "Twin";
    public const string SqliteStore = "sqlite";
    public const string PostgresStore = "postgres";

    /// <summary>Folder with NAME.onnx + NAME.card.json; empty means the nearest models/ folder (the shipped model).</summary>
    public string? ModelDirectory { get; set; }

    [Required(AllowEmptyStrings = false)]
    public string ModelName { get; set; } = ModelLocations.DefaultModelName;

    /// <summary>Where the SQLite database lives; created when missing.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = ".data";

    /// <summary>
    /// Which database holds cells, cycles and grain state: "sqlite" (one file under
    /// <see cref="DataDirectory"/>, one node) or "postgres" (<see cref="PostgresConnection"/>,
    /// shared by every silo of a cluster).
    /// </summary>
    public string Store { get; set; } = SqliteStore;

    /// <summary>Npgsql connection string, required when <see cref="Store"/> is "postgres"; the pool is capped at 20 unless it says otherwise.</summary>
    public string? PostgresConnection { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Store is not (SqliteStore or PostgresStore))
            yield return new ValidationResult($"Twin:Store is '{Store}'; it must be '{SqliteStore}' or '{PostgresStore}'.", [nameof(Store)]);
        if (Store == PostgresStore && string.IsNullOrWhiteSpace(PostgresConnection))
            yield return new ValidationResult(
                "Twin:Store is 'postgres' but Twin:PostgresConnection is empty; set it (e.g. Twin__PostgresConnection=\"Host=127.0.0.1;Port=55432;Database=twin;Username=twin;Password=...\").",
                [nameof(PostgresConnection)]);
    }

    /// <summary>Largest request body accepted, in bytes (uploads and batches); larger ones get 413.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxRequestBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Most designs in one forecast request.</summary>
    [Range(1, 1_000_000)]
    public int MaxDesignsPerRequest { get; set; } = 10_000;

    /// <summary>The shipped training data a retraining job starts from (literature table and public sets); by default the nearest training-data/ folder.</summary>
    public string? TrainingDataDirectory { get; set; }

    public string ResolveTrainingDataDirectory() =>
        !string.IsNullOrWhiteSpace(TrainingDataDirectory) ? TrainingDataDirectory
        : ModelLocations.FindUp("training-data") ?? throw new InvalidOperationException(
            "Twin:TrainingDataDirectory is not set and no training-data/ folder was found above the working directory; set Twin__TrainingDataDirectory.");

    public string ResolveModelDirectory() =>
        !string.IsNullOrWhiteSpace(ModelDirectory) ? ModelDirectory
        : ModelLocations.FindUp("models") ?? throw new InvalidOperationException(
            "Twin:ModelDirectory is not set and no models/ folder was found above the working directory; set Twin__ModelDirectory to the folder holding twin-design.onnx.");
}
