using System.Diagnostics;
using Twin.Core.Designs;
using Twin.Core.Features;
using Twin.Ml.Inference;
using Twin.Ml.Models;
using Twin.Ml.Prediction;

namespace Twin.Benchmarks.Forecasting;

/// <summary>
/// Single-call latency on the shipped model through the ONNX Runtime package: one design forecast
/// (encode + ORT on pre-bound buffers + calibration), one row through plain Run and through
/// RunRow; p50 and p99 over interleaved rounds. (The comparison with the deleted hand-written
/// binding is recorded in bench/README.md.)
/// </summary>
public static class OrtMeasure
{
    public static void Run(TextWriter output, string models)
    {
        var (onnx, card) = ModelFiles.Load(models, ModelLocations.DefaultModelName);
        using var model = OnnxModel.Create(onnx);
        using var forecaster = new DesignForecaster(onnx, card);
        var design = new CellDesign("Si nanoparticles", "Al2O3", null, 2, "ALD", "1 M LiPF6 in EC/DEC", null, 200, null, 25);
        var row = DesignFeatures.Encode(design);
        var destination = new float[model.OutputLength];
        var samples = Interleaved(() => forecaster.Predict(design), () => model.Run(row, 1), () => model.RunRow(row, destination));
        output.WriteLine($"ONNX Runtime {OnnxModel.RuntimeVersion}: one design forecast p50 {samples[0].P50:0.00} µs p99 {samples[0].P99:0.00} µs; " +
                         $"one row, Run p50 {samples[1].P50:0.00} µs; RunRow (pre-bound) p50 {samples[2].P50:0.00} µs, ratio RunRow/Run {samples[2].P50 / samples[1].P50:0.00}");
    }

    static (double P50, double P99)[] Interleaved(params Action[] actions)
    {
        const int rounds = 20, perRound = 2000;
        for (var i = 0; i < 2000; i++) foreach (var a in actions) a();
        var samples = actions.Select(_ => new double[rounds * perRound]).ToArray();
        for (var r = 0; r < rounds; r++)
            for (var k = 0; k < actions.Length; k++)
                for (var i = 0; i < perRound; i++)
                {
                    var t = Stopwatch.GetTimestamp();
                    actions[k]();
                    samples[k][r * perRound + i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
                }
        return samples.Select(s =>
        {
            Array.Sort(s);
            return (s[s.Length / 2], s[(int)(s.Length * 0.99)]);
        }).ToArray();
    }
}
