using Microsoft.Extensions.Logging;
using Twin.Core.Designs;
using Twin.Core.Features;
using Twin.Ml.Inference;
using Twin.Ml.Models;

namespace Twin.Ml.Prediction;

/// <summary>
/// Serves design forecasts from a model's ONNX file through ONNX Runtime: the session is created
/// once, one design runs on pre-bound per-thread buffers, a batch is one Run call, and concurrent
/// callers are safe. Disposing while forecasts run is safe too: the session is reference counted
/// and the last forecast in flight disposes it; later calls get <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed class DesignForecaster : IDisposable
{
    readonly RefCounted<OnnxModel> _model;
    readonly HashSet<string> _knownCoatings;
    readonly int _lifetimeOutput, _exponentOutput;
    /// <summary>Index of the lab_fade output, or -1 for a model without a lab retention model.</summary>
    readonly int _labFadeOutput;
    int _disposed;

    public DesignForecaster(byte[] onnx, ModelCard card, ILogger? logger = null)
    {
        Card = card;
        if (!card.Features.SequenceEqual(DesignFeatures.Names))
            throw new InvalidDataException($"model {card.Version} was trained on features [{string.Join(", ", card.Features)}], which differ from this build's [{string.Join(", ", DesignFeatures.Names)}]; retrain with `twin train`.");
        var model = OnnxModel.Create(onnx, logger: logger);
        try
        {
            _lifetimeOutput = IndexOf(model.OutputNames, ModelExporter.LifetimeOutput);
            _exponentOutput = IndexOf(model.OutputNames, ModelExporter.ExponentOutput);
            _labFadeOutput = card.LabRetention is null ? -1 : IndexOf(model.OutputNames, ModelExporter.LabFadeOutput);
            if (model.FeatureCount != DesignFeatures.Count || model.OutputLength != model.OutputNames.Count)
                throw new InvalidDataException($"the ONNX model takes {model.FeatureCount} features and yields {model.OutputLength} values per row; Twin needs {DesignFeatures.Count} features and one value per output.");
        }
        catch
        {
            model.Dispose();
            throw;
        }
        _model = new RefCounted<OnnxModel>(model);
        _knownCoatings = new HashSet<string>(card.KnownCoatings, StringComparer.OrdinalIgnoreCase);
    }

    public ModelCard Card { get; }

    public static DesignForecaster Load(string folder, string name, ILogger? logger = null)
    {
        var (onnx, card) = ModelFiles.Load(folder, name);
        return new DesignForecaster(onnx, card, logger);
    }

    public DesignPrior Predict(CellDesign design, CancellationToken ct = default)
    {
        Span<float> features = stackalloc float[DesignFeatures.Count];
        DesignFeatures.Encode(design, features);
        Span<float> outputs = stackalloc float[_model.Value.OutputLength];
        Acquire();
        try
        {
            _model.Value.RunRow(features, outputs, ct);
        }
        finally
        {
            _model.Release();
        }
        return Prior(design, outputs[_lifetimeOutput], outputs[_exponentOutput], _labFadeOutput >= 0 ? outputs[_labFadeOutput] : float.NaN);
    }

    public IReadOnlyList<DesignPrior> Predict(IReadOnlyList<CellDesign> designs, CancellationToken ct = default)
    {
        if (designs.Count == 0) return [];
        if (designs.Count == 1) return [Predict(designs[0], ct)];
        var f = DesignFeatures.Count;
        var features = new float[designs.Count * f];
        for (var i = 0; i < designs.Count; i++) DesignFeatures.Encode(designs[i], features.AsSpan(i * f, f));
        float[][] outputs;
        Acquire();
        try
        {
            outputs = _model.Value.Run(features, designs.Count, ct);
        }
        finally
        {
            _model.Release();
        }
        var result = new DesignPrior[designs.Count];
        for (var i = 0; i < designs.Count; i++)
            result[i] = Prior(designs[i], outputs[_lifetimeOutput][i], outputs[_exponentOutput][i], _labFadeOutput >= 0 ? outputs[_labFadeOutput][i] : float.NaN);
        return result;
    }

    /// <summary>Drops the forecaster's own reference; a forecast still running finishes first.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _model.Release();
    }

    void Acquire()
    {
        if (!_model.TryAcquire()) throw new ObjectDisposedException(nameof(DesignForecaster), $"design model {Card.Version} was disposed (replaced or shut down).");
    }

    DesignPrior Prior(CellDesign design, float logEol80, float logExponent, float labFade)
    {
        var domain = DesignDomains.Of(design);
        var unseen = design.IsCoated && !_knownCoatings.Contains(design.Coating.Trim());
        // The literature table speaks only for lab designs; commercial cells keep the fade law alone.
        var lab = _labFadeOutput >= 0 && domain == DesignDomain.Lab
            ? new LabRetentionForecast(labFade, Card.LabRetention!.Quantiles)
            : null;
        return new DesignPrior(Card.LifetimeShrinkage.Apply(logEol80), logExponent, domain, unseen, Card.Calibration.For(domain, unseen), Card.Version, lab);
    }

    static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++) if (names[i] == name) return i;
        throw new InvalidDataException($"the ONNX model has outputs [{string.Join(", ", names)}] but Twin needs '{name}'.");
    }
}
