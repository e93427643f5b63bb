using System.Diagnostics;
using Twin.Core.Designs;
using Twin.Core.Features;
using Twin.Ml.Inference;
using Twin.Ml.Interop.XGBoost;
using Twin.Ml.Models;
using Twin.Ml.Prediction;
using Twin.Ml.Training;

namespace Twin.Benchmarks.Forecasting;

/// <summary>
/// Issue "model pipeline" targets, measured in one run on one model:
/// - batch of 100k rows: ONNX Runtime vs XGBoost's own predictor (fresh DMatrix each time, so
///   XGBoost's prediction cache does not answer), same model, same rows; median of 7;
/// - one design forecast through DesignForecaster (encode + ORT + calibration), median and p99;
/// - `twin train` work on the shipped data (load + CV + calibration + final fit + gated export).
/// </summary>
public static class PredictionMeasure
{
    public static void Run(TextWriter output, string trainingData)
    {
        var clock = Stopwatch.StartNew();
        var data = TrainingData.Load(trainingData);
        var trained = new DesignModelTrainer(new TrainingOptions()).Train(data);
        var (onnx, agreement) = ModelExporter.Export(trained, data, "bench");
        output.WriteLine($"train (load + CV + calibration + fit + gated export): {clock.Elapsed.TotalSeconds:0.00} s; ORT/XGBoost agreement {agreement:E1}");

        const int rows = 100_000;
        var features = Rows(data, rows);
        using var booster = XgbBooster.LoadJson(trained.LifetimeJson);
        booster.SetParam("nthread", "1");
        // Single-output ORT model for a like-for-like comparison with one XGBoost booster.
        var lifetimeOnly = Twin.Ml.Onnx.OnnxTreeModelWriter.Write(DesignFeatures.Count,
            [(ModelExporter.LifetimeOutput, Twin.Ml.Trees.XgbJsonTreeReader.Read(trained.LifetimeJson, DesignFeatures.Count))], new Dictionary<string, string>());
        using var single = OnnxModel.Create(lifetimeOnly, new OnnxModelOptions { IntraOpThreads = 1 });
        var ort = Median(7, () => single.Run(features, rows));
        var xgb = Median(7, () =>
        {
            using var matrix = XgbDMatrix.FromDense(features, rows, DesignFeatures.Count);
            booster.Predict(matrix, outputMargin: true);
        });
        output.WriteLine($"batch 100k rows, 1 thread each: ONNX Runtime {rows / ort:N0} rows/s, XGBoost {rows / xgb:N0} rows/s, ratio ORT/XGBoost {xgb / ort:0.00} (target >= 0.5)");

        using var forecaster = new DesignForecaster(onnx, ModelCard.For("bench", "bench", onnx, agreement, data, trainingData, trained, new TrainingOptions()));
        var design = new CellDesign("Si nanoparticles", "Al2O3", null, 2, "ALD", "1 M LiPF6 in EC/DEC", null, 200, null, 25);
        for (var i = 0; i < 2000; i++) forecaster.Predict(design);
        var samples = new double[20_000];
        for (var i = 0; i < samples.Length; i++)
        {
            var t = Stopwatch.GetTimestamp();
            forecaster.Predict(design);
            samples[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
        }
        Array.Sort(samples);
        output.WriteLine($"one design forecast in process (encode + ORT + calibration): p50 {samples[samples.Length / 2]:0.0} µs, p99 {samples[(int)(samples.Length * 0.99)]:0.0} µs");
    }

    static float[] Rows(TrainingData data, int rows)
    {
        var f = DesignFeatures.Count;
        var result = new float[rows * f];
        var random = new Random(1);
        for (var i = 0; i < rows; i++)
        {
            var unit = data.Units[random.Next(data.Units.Count)];
            var d = unit.Design with { CRate = unit.Design.CRate is { } c ? c * (0.5 + random.NextDouble()) : null, TemperatureC = unit.Design.TemperatureC is { } t ? t + random.Next(-10, 10) : null };
            DesignFeatures.Encode(d, result.AsSpan(i * f, f));
        }
        return result;
    }

    static double Median(int runs, Action action)
    {
        action();
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var t = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(t).TotalSeconds;
        }
        Array.Sort(times);
        return times[runs / 2];
    }
}
