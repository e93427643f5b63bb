using System.Text.Json;
using System.Text.Json.Serialization;

namespace Twin.Ml.Models;

/// <summary>
/// Everything needed to use and to trust a design model, stored beside its .onnx file:
/// the feature contract, the training data's hash, hyper-parameters, grouped cross-validation
/// metrics beside the baselines, and the conformal calibration that turns predictions into
/// intervals.
/// </summary>
public sealed record ModelCard
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string OnnxFile { get; init; }
    public required string OnnxSha256 { get; init; }
    public required IReadOnlyList<string> Features { get; init; }
    public required IReadOnlyList<string> Outputs { get; init; }
    public required string FadeLaw { get; init; }
    public required string DataHash { get; init; }
    public required IReadOnlyList<string> DataFiles { get; init; }
    public required TrainingSummary Training { get; init; }
    public required IReadOnlyDictionary<string, string> LifetimeParameters { get; init; }
    public required IReadOnlyDictionary<string, string> ExponentParameters { get; init; }
    public required int Rounds { get; init; }
    public required LifetimeShrinkage LifetimeShrinkage { get; init; }
    public required CalibrationSet Calibration { get; init; }
    /// <summary>Conformal scale factors for the cell twin's intervals, from held-out dataset cells cut at 20–80% of life.</summary>
    public required Core.Twins.TwinCalibration TwinCalibration { get; init; }
    public required IReadOnlyList<string> KnownCoatings { get; init; }
    public required EvaluationReport CrossValidation { get; init; }
    public required double OrtXgboostMaxRelativeDifference { get; init; }
    /// <summary>The lab retention model behind the lab_fade output (null for a model exported without one).</summary>
    public LabRetentionModel? LabRetention { get; init; }
    /// <summary>Leave-one-study-out accuracy on the literature table beside its baselines, and the paired coating effect.</summary>
    public LiteratureReport? Literature { get; init; }

    /// <summary>The card of a training run: what `twin train` writes and what an in-memory retrain serves with.</summary>
    public static ModelCard For(string name, string version, byte[] onnx, double agreement, Training.TrainingData data, string dataFolder,
        Training.TrainedDesignModel trained, Training.TrainingOptions options) => new()
    {
        Name = name,
        Version = version,
        CreatedAt = DateTimeOffset.UtcNow,
        OnnxFile = name + ".onnx",
        OnnxSha256 = ModelExporter.Sha256(onnx),
        Features = Core.Features.DesignFeatures.Names,
        Outputs = trained.LabRetention is null
            ? [ModelExporter.LifetimeOutput, ModelExporter.ExponentOutput]
            : [ModelExporter.LifetimeOutput, ModelExporter.ExponentOutput, ModelExporter.LabFadeOutput],
        FadeLaw = "1 - SOH(n) = 0.2 * (n / EOL80)^exp(log_exponent), EOL80 = exp(w * log_eol80 + (1 - w) * mean_log_eol80) (lifetime_shrinkage); EOL interval = EOL80 * exp(± q_level); lab designs: retention at the end of a test = 1 - lab_fade ± lab_retention.quantiles (cycle count not used)",
        DataHash = data.DataHash,
        DataFiles = data.Files.Select(f => Path.GetRelativePath(dataFolder, f).Replace('\\', '/')).ToArray(),
        Training = trained.Summary,
        LifetimeParameters = options.LifetimeParameters(),
        ExponentParameters = options.ExponentParameters(),
        Rounds = options.Rounds,
        LifetimeShrinkage = trained.Shrinkage,
        Calibration = trained.Calibration,
        TwinCalibration = trained.TwinCalibration,
        KnownCoatings = trained.KnownCoatings,
        CrossValidation = trained.CrossValidation,
        OrtXgboostMaxRelativeDifference = agreement,
        LabRetention = trained.LabRetention,
        Literature = trained.Literature,
    };

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}

/// <summary>
/// The final lifetime forecast is Weight·(tree margin) + (1 − Weight)·MeanLogEol80: the trees
/// shrunk towards the training-mean lifetime by the weight cross-validation chose.
/// </summary>
public sealed record LifetimeShrinkage(double Weight, double MeanLogEol80)
{
    public double Apply(double treeMargin) => Weight * treeMargin + (1 - Weight) * MeanLogEol80;
}

public sealed record TrainingSummary(int Units, int LiteratureUnits, int ExactLabels, int RightCensored, int IntervalLabels, int Groups, int Folds);

public sealed record CalibrationSet(ConformalQuantiles Commercial, ConformalQuantiles Lab, ConformalQuantiles UnseenCoating)
{
    public ConformalQuantiles For(DesignDomain domain, bool unseenCoating) => domain switch
    {
        DesignDomain.Commercial => Commercial,
        _ when unseenCoating => Lab.Max(UnseenCoating),
        _ => Lab,
    };
}

/// <summary>Held-out accuracy of the model and the baselines, per domain.</summary>
public sealed record EvaluationReport(IReadOnlyList<EvaluationRow> Rows, string Grouping);

/// <summary>
/// One method on one domain: EOL MAPE (and median APE) over units with an observed end of life; retention MAE
/// (percentage points) over every measured SOH point; empirical coverage of the 80/90/95%
/// intervals (a unit is covered when its lifetime label interval overlaps the forecast
/// interval; for exact labels that is plain coverage) and the mean 90% width relative to EOL.
/// </summary>
public sealed record EvaluationRow(
    string Method, string Domain, int Units, int ExactUnits, double EolMape, double EolMedianApe, double RetentionMaePct,
    double? Coverage80, double? Coverage90, double? Coverage95, double? MeanRelativeWidth90);
