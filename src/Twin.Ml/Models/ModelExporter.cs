using System.Security.Cryptography;
using Twin.Core.Features;
using Twin.Ml.Inference;
using Twin.Ml.Interop.XGBoost;
using Twin.Ml.Onnx;
using Twin.Ml.Training;
using Twin.Ml.Trees;

namespace Twin.Ml.Models;

/// <summary>The export gate refused the ONNX model: ONNX Runtime and XGBoost disagree.</summary>
public sealed class ExportGateException(string message) : Exception(message);

/// <summary>
/// Converts the trained XGBoost models (and the lab retention model, as one tree) into one ONNX graph
/// and refuses it unless ONNX Runtime (the Microsoft.ML.OnnxRuntime package that serves it)
/// reproduces the trainers' own predictions to float32 rounding
/// (≤ 1e-5 relative) on the training rows and on random designs with missing values.
/// </summary>
public static class ModelExporter
{
    public const string LifetimeOutput = "log_eol80";
    public const string ExponentOutput = "log_exponent";
    /// <summary>The lab retention model's capacity loss at the end of a test (<see cref="LabRetentionModel"/>).</summary>
    public const string LabFadeOutput = "lab_fade";
    public const double AgreementTolerance = 1e-5;

    public static (byte[] Onnx, double MaxRelativeDifference) Export(TrainedDesignModel trained, TrainingData data, string version)
    {
        var lifetime = XgbJsonTreeReader.Read(trained.LifetimeJson, DesignFeatures.Count);
        var exponent = XgbJsonTreeReader.Read(trained.ExponentJson, DesignFeatures.Count);
        List<(string, TreeEnsemble)> outputs = [(LifetimeOutput, lifetime), (ExponentOutput, exponent)];
        if (trained.LabRetention is { } lab) outputs.Add((LabFadeOutput, lab.ToTreeEnsemble()));
        var onnx = OnnxTreeModelWriter.Write(DesignFeatures.Count, outputs,
            new Dictionary<string, string> { ["twin.version"] = version, ["twin.data_hash"] = data.DataHash, ["twin.features"] = string.Join(",", DesignFeatures.Names) });
        var rows = GateRows(data);
        var count = rows.Length / DesignFeatures.Count;
        using var session = OnnxModel.Create(onnx);
        var ort = session.Run(rows, count);
        // Math.Max, not LINQ's Max: a NaN difference must fail the gate, not be skipped.
        var worst = Math.Max(Math.Max(
            MaxRelativeDifference(ort[0], XgboostMargins(trained.LifetimeJson, rows, count)),
            MaxRelativeDifference(ort[1], XgboostMargins(trained.ExponentJson, rows, count))),
            trained.LabRetention is { } model ? MaxRelativeDifference(ort[2], LabFades(model, rows, count)) : 0);
        if (!(worst <= AgreementTolerance))
            throw new ExportGateException($"export refused: ONNX Runtime and the trainers (XGBoost, lab retention model) differ by {worst:E2} (relative) on {count} rows; the limit is {AgreementTolerance:E0}. The previous model is left in place.");
        return (onnx, worst);
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    static float[] XgboostMargins(string json, float[] rows, int count)
    {
        using var booster = XgbBooster.LoadJson(json);
        using var matrix = XgbDMatrix.FromDense(rows, count, DesignFeatures.Count);
        return booster.Predict(matrix, outputMargin: true);
    }

    /// <summary>The lab retention model's own forecast, the reference ONNX Runtime's lab_fade output is held to.</summary>
    static float[] LabFades(LabRetentionModel model, float[] rows, int count)
    {
        var f = DesignFeatures.Count;
        return Enumerable.Range(0, count).Select(i => (float)model.Fade(rows.AsSpan(i * f, f))).ToArray();
    }

    /// <summary>Relative difference, with an absolute floor of 1 so margins near zero are not judged on noise.</summary>
    static double MaxRelativeDifference(float[] a, float[] b)
    {
        if (a.Length != b.Length) return double.PositiveInfinity;
        double worst = 0;
        for (var i = 0; i < a.Length; i++)
            worst = Math.Max(worst, Math.Abs(a[i] - b[i]) / Math.Max(1.0, Math.Abs(b[i])));
        return worst;
    }

    /// <summary>Every training design plus random ones (each feature missing with probability 0.1).</summary>
    static float[] GateRows(TrainingData data)
    {
        const int randomRows = 2000;
        var f = DesignFeatures.Count;
        var rows = new float[(data.Units.Count + randomRows) * f];
        for (var i = 0; i < data.Units.Count; i++) DesignFeatures.Encode(data.Units[i].Design, rows.AsSpan(i * f, f));
        var random = new Random(12345);
        for (var i = data.Units.Count * f; i < rows.Length; i++)
            rows[i] = random.NextDouble() < 0.1 ? float.NaN : (float)(random.NextDouble() * (i % f < 12 ? 1.5 : 60));
        return rows;
    }
}
