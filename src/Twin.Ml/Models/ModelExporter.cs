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
/// Converts the trained XGBoost models into one ONNX graph (two TreeEnsembleRegressor outputs)
/// and refuses it unless ONNX Runtime (the Microsoft.ML.OnnxRuntime package that serves it) reproduces XGBoost's own predictions to float32 rounding
/// (≤ 1e-5 relative) on the training rows and on random designs with missing values.
/// </summary>
public static class ModelExporter
{
    public const string LifetimeOutput = "log_eol80";
    public const string ExponentOutput = "log_exponent";
    public const double AgreementTolerance = 1e-5;

    public static (byte[] Onnx, double MaxRelativeDifference) Export(TrainedDesignModel trained, TrainingData data, string version)
    {
        var lifetime = XgbJsonTreeReader.Read(trained.LifetimeJson, DesignFeatures.Count);
        var exponent = XgbJsonTreeReader.Read(trained.ExponentJson, DesignFeatures.Count);
        var onnx = OnnxTreeModelWriter.Write(DesignFeatures.Count,
            [(LifetimeOutput, lifetime), (ExponentOutput, exponent)],
            new Dictionary<string, string> { ["twin.version"] = version, ["twin.data_hash"] = data.DataHash, ["twin.features"] = string.Join(",", DesignFeatures.Names) });
        var rows = GateRows(data);
        var count = rows.Length / DesignFeatures.Count;
        using var model = OnnxModel.Create(onnx);
        var ort = model.Run(rows, count);
        var worst = Math.Max(
            MaxRelativeDifference(ort[0], XgboostMargins(trained.LifetimeJson, rows, count)),
            MaxRelativeDifference(ort[1], XgboostMargins(trained.ExponentJson, rows, count)));
        if (!(worst <= AgreementTolerance))
            throw new ExportGateException($"export refused: ONNX Runtime and XGBoost differ by {worst:E2} (relative) on {count} rows; the limit is {AgreementTolerance:E0}. The previous model is left in place.");
        return (onnx, worst);
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    static float[] XgboostMargins(string json, float[] rows, int count)
    {
        using var booster = XgbBooster.LoadJson(json);
        using var matrix = XgbDMatrix.FromDense(rows, count, DesignFeatures.Count);
        return booster.Predict(matrix, outputMargin: true);
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
