using Microsoft.Extensions.Logging;
using Twin.Core.Designs;
using Twin.Core.Features;
using Twin.Ml.Interop.OnnxRuntime;
using Twin.Ml.Models;

namespace Twin.Ml.Prediction;

/// <summary>
/// Serves design forecasts from a model's ONNX file through ONNX Runtime: the session is created
/// once, a batch of designs is one Run call, and thread-safe for concurrent callers.
/// </summary>
public sealed class DesignForecaster : IDisposable
{
    readonly OnnxSession _session;
    readonly HashSet<string> _knownCoatings;
    readonly int _lifetimeOutput, _exponentOutput;
    /// <summary>Index of the lab_fade output, or -1 for a model without a lab retention model.</summary>
    readonly int _labFadeOutput;

    public DesignForecaster(byte[] onnx, ModelCard card, ILogger? logger = null)
    {
        Card = card;
        _session = OnnxSession.Create(onnx, logger: logger);
        _lifetimeOutput = IndexOf(_session.OutputNames, ModelExporter.LifetimeOutput);
        _exponentOutput = IndexOf(_session.OutputNames, ModelExporter.ExponentOutput);
        _labFadeOutput = card.LabRetention is null ? -1 : IndexOf(_session.OutputNames, ModelExporter.LabFadeOutput);
        if (!card.Features.SequenceEqual(DesignFeatures.Names))
            throw new InvalidDataException($"model {card.Version} was trained on features [{string.Join(", ", card.Features)}], which differ from this build's [{string.Join(", ", DesignFeatures.Names)}]; retrain with `twin train`.");
        _knownCoatings = new HashSet<string>(card.KnownCoatings, StringComparer.OrdinalIgnoreCase);
    }

    public ModelCard Card { get; }

    public static DesignForecaster Load(string folder, string name, ILogger? logger = null)
    {
        var (onnx, card) = ModelFiles.Load(folder, name);
        return new DesignForecaster(onnx, card, logger);
    }

    public DesignPrior Predict(CellDesign design, CancellationToken ct = default) => Predict([design], ct)[0];

    public IReadOnlyList<DesignPrior> Predict(IReadOnlyList<CellDesign> designs, CancellationToken ct = default)
    {
        if (designs.Count == 0) return [];
        var f = DesignFeatures.Count;
        var features = new float[designs.Count * f];
        for (var i = 0; i < designs.Count; i++) DesignFeatures.Encode(designs[i], features.AsSpan(i * f, f));
        var outputs = _session.Run(features, designs.Count, ct);
        var result = new DesignPrior[designs.Count];
        for (var i = 0; i < designs.Count; i++)
        {
            var design = designs[i];
            var domain = DesignDomains.Of(design);
            var unseen = design.IsCoated && !_knownCoatings.Contains(design.Coating.Trim());
            // The literature table speaks only for lab designs; commercial cells keep the fade law alone.
            var lab = _labFadeOutput >= 0 && domain == DesignDomain.Lab
                ? new LabRetentionForecast(outputs[_labFadeOutput][i], Card.LabRetention!.Quantiles)
                : null;
            result[i] = new DesignPrior(Card.LifetimeShrinkage.Apply(outputs[_lifetimeOutput][i]), outputs[_exponentOutput][i], domain, unseen,
                Card.Calibration.For(domain, unseen), Card.Version, lab);
        }
        return result;
    }

    public void Dispose() => _session.Dispose();

    static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++) if (names[i] == name) return i;
        throw new InvalidDataException($"the ONNX model has outputs [{string.Join(", ", names)}] but Twin needs '{name}'.");
    }
}
