using System.Diagnostics;
using Twin.Core.Designs;
using Twin.Core.Features;
using Twin.Ml.Inference;
using Twin.Ml.Interop.OnnxRuntime;
using Twin.Ml.Models;
using Twin.Ml.Prediction;

namespace Twin.Benchmarks.Forecasting;

/// <summary>
/// Issue 8 item 6, measured in one process on the shipped model: the hand-written binding
/// (ORT 1.30.0 from .native/) against the Microsoft.ML.OnnxRuntime 1.31.1 wrapper.
/// - outputs over 100k rows, compared bit for bit;
/// - one design forecast (encode + ORT + calibration), old DesignForecaster body vs the new one
///   on pre-bound buffers; rounds interleaved so machine noise hits both alike; p50 and p99;
/// - like for like: one row through each library's plain Run.
/// </summary>
public static class OrtBindingMeasure
{
    public static void Run(TextWriter output, string models)
    {
        var (onnx, card) = ModelFiles.Load(models, ModelLocations.DefaultModelName);
        using var old = OnnxSession.Create(onnx);
        using var model = OnnxModel.Create(onnx);
        using var forecaster = new DesignForecaster(onnx, card);
        output.WriteLine($"old binding: ONNX Runtime {OrtLibrary.Version} from {OrtLibrary.LoadedFrom}; package: ONNX Runtime {OnnxModel.RuntimeVersion}");

        const int rows = 100_000;
        var features = RandomRows(rows);
        var a = old.Run(features, rows);
        var b = model.Run(features, rows);
        var differing = 0;
        for (var o = 0; o < a.Length; o++)
            for (var i = 0; i < rows; i++)
                if (BitConverter.SingleToInt32Bits(a[o][i]) != BitConverter.SingleToInt32Bits(b[o][i])) differing++;
        output.WriteLine($"outputs over {rows:N0} rows × {a.Length} outputs: {differing} differ bit for bit");

        var legacy = new LegacyForecaster(old, card);
        var design = new CellDesign("Si nanoparticles", "Al2O3", null, 2, "ALD", "1 M LiPF6 in EC/DEC", null, 200, null, 25);
        if (legacy.Predict(design) != forecaster.Predict(design)) throw new InvalidOperationException("the two forecasters disagree");
        var row = features.AsSpan(0, DesignFeatures.Count).ToArray();
        var destination = new float[model.OutputLength];
        var (oldForecast, newForecast) = Interleaved(() => legacy.Predict(design), () => forecaster.Predict(design));
        var (oldRun, newRun) = Interleaved(() => old.Run(row, 1), () => model.Run(row, 1));
        var (_, newRow) = Interleaved(() => { }, () => model.RunRow(row, destination));
        output.WriteLine($"one design forecast (encode + ORT + calibration): old binding p50 {oldForecast.P50:0.00} µs p99 {oldForecast.P99:0.00} µs; " +
                         $"package wrapper (pre-bound) p50 {newForecast.P50:0.00} µs p99 {newForecast.P99:0.00} µs; ratio new/old p50 {newForecast.P50 / oldForecast.P50:0.00} (target <= 0.8)");
        output.WriteLine($"one row, plain Run (like for like): old p50 {oldRun.P50:0.00} µs, package p50 {newRun.P50:0.00} µs, ratio {newRun.P50 / oldRun.P50:0.00}; " +
                         $"package RunRow (pre-bound) p50 {newRow.P50:0.00} µs, ratio to old Run {newRow.P50 / oldRun.P50:0.00}");
    }

    /// <summary>Alternates rounds of both actions after a warm-up; returns each one's p50 and p99 in µs.</summary>
    static ((double P50, double P99) A, (double P50, double P99) B) Interleaved(Action a, Action b)
    {
        const int rounds = 20, perRound = 2000;
        for (var i = 0; i < 2000; i++) { a(); b(); }
        var sa = new double[rounds * perRound];
        var sb = new double[rounds * perRound];
        for (var r = 0; r < rounds; r++)
        {
            Sample(a, sa.AsSpan(r * perRound, perRound));
            Sample(b, sb.AsSpan(r * perRound, perRound));
        }
        return (Percentiles(sa), Percentiles(sb));
    }

    static void Sample(Action action, Span<double> samples)
    {
        for (var i = 0; i < samples.Length; i++)
        {
            var t = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
        }
    }

    static (double P50, double P99) Percentiles(double[] samples)
    {
        Array.Sort(samples);
        return (samples[samples.Length / 2], samples[(int)(samples.Length * 0.99)]);
    }

    /// <summary>Rows spread over the whole feature range, with some missing values.</summary>
    static float[] RandomRows(int rows)
    {
        var f = DesignFeatures.Count;
        var result = new float[rows * f];
        var random = new Random(7);
        for (var i = 0; i < result.Length; i++)
            result[i] = random.NextDouble() < 0.1 ? float.NaN : (float)(random.NextDouble() * (i % f < 12 ? 1.5 : 60));
        return result;
    }

    /// <summary>The DesignForecaster body as it was on the hand-written binding (one Run per design).</summary>
    sealed class LegacyForecaster(OnnxSession session, ModelCard card)
    {
        readonly HashSet<string> _known = new(card.KnownCoatings, StringComparer.OrdinalIgnoreCase);
        readonly int _lifetime = session.OutputNames.ToList().IndexOf(ModelExporter.LifetimeOutput);
        readonly int _exponent = session.OutputNames.ToList().IndexOf(ModelExporter.ExponentOutput);

        public DesignPrior Predict(CellDesign design)
        {
            var features = new float[DesignFeatures.Count];
            DesignFeatures.Encode(design, features);
            var outputs = session.Run(features, 1);
            var domain = DesignDomains.Of(design);
            var unseen = design.IsCoated && !_known.Contains(design.Coating.Trim());
            return new DesignPrior(card.LifetimeShrinkage.Apply(outputs[_lifetime][0]), outputs[_exponent][0], domain, unseen, card.Calibration.For(domain, unseen), card.Version);
        }
    }
}
