using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Twin.Ml.Inference;

/// <summary>
/// A loaded ONNX model with one float input [rows, features] and float outputs, on
/// Microsoft.ML.OnnxRuntime. Runs may come from many threads at once (ORT's Run is thread-safe);
/// a single row runs on buffers bound once per thread (<see cref="RunRow"/>). Disposing while a
/// run is in flight crashes ORT: share a model through <see cref="ModelHolder{T}"/> or another
/// reference count, so only the last user disposes it.
/// </summary>
public sealed partial class OnnxModel : IDisposable
{
    readonly InferenceSession _session;
    readonly string _logId;
    readonly string[] _inputNames;
    readonly int[] _outputWidths;
    readonly ThreadLocal<RowBinding?> _rowBindings;
    int _disposed;

    OnnxModel(InferenceSession session, string logId, int featureCount, int[] outputWidths)
    {
        _session = session;
        _logId = logId;
        _inputNames = [session.InputNames[0]];
        FeatureCount = featureCount;
        _outputWidths = outputWidths;
        _rowBindings = new(() => RowBinding.Create(this), trackAllValues: true);
    }

    public string InputName => _inputNames[0];

    public IReadOnlyList<string> OutputNames => _session.OutputNames;

    /// <summary>The input's second dimension, which the model must fix.</summary>
    public int FeatureCount { get; }

    /// <summary>How many floats one row yields across all outputs (what <see cref="RunRow"/> writes).</summary>
    public int OutputLength => _outputWidths.Sum();

    /// <summary>The model's producer_name and metadata_props.</summary>
    public ModelMetadata Metadata => _session.ModelMetadata;

    /// <summary>The version of the loaded native library, e.g. "1.31.1".</summary>
    public static string RuntimeVersion => OnnxRuntimeLog.Env.GetVersionString();

    /// <summary>The execution providers compiled into the loaded library, e.g. CPUExecutionProvider.</summary>
    public static IReadOnlyList<string> AvailableProviders => OnnxRuntimeLog.Env.GetAvailableProviders();

    public static OnnxModel Create(byte[] model, OnnxModelOptions? options = null, ILogger? logger = null)
    {
        options ??= OnnxModelOptions.Default;
        options.Validate();
        _ = OnnxRuntimeLog.Env; // the env (with its logging function) must exist before any session
        var logId = OnnxRuntimeLog.Register(logger);
        InferenceSession? session = null;
        try
        {
            using (var sessionOptions = CreateSessionOptions(options, logId))
                session = new InferenceSession(model, sessionOptions);
            var (featureCount, widths) = CheckShapes(session);
            return new OnnxModel(session, logId, featureCount, widths);
        }
        catch
        {
            session?.Dispose();
            OnnxRuntimeLog.Unregister(logId);
            throw;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var binding in _rowBindings.Values) binding?.Dispose();
        _rowBindings.Dispose();
        _session.Dispose();
        OnnxRuntimeLog.Unregister(_logId);
    }

    static SessionOptions CreateSessionOptions(OnnxModelOptions options, string logId)
    {
        var o = new SessionOptions();
        try
        {
            o.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
            o.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
            o.IntraOpNumThreads = options.IntraOpThreads;
            o.InterOpNumThreads = options.InterOpThreads;
            o.LogId = logId;
            o.LogSeverityLevel = OnnxRuntimeLog.ToOrtLevel(options.LogLevel);
            o.AddSessionConfigEntry("session.intra_op.allow_spinning", options.AllowSpinning ? "1" : "0");
            return o;
        }
        catch
        {
            o.Dispose();
            throw;
        }
    }

    /// <summary>One float input [rows, features] with features fixed; float outputs [rows] or [rows, k].</summary>
    static (int FeatureCount, int[] OutputWidths) CheckShapes(InferenceSession session)
    {
        if (session.InputNames.Count != 1)
            throw new ArgumentException($"The model has {session.InputNames.Count} inputs; Twin runs models with exactly one float input [rows, features].", "model");
        var input = session.InputMetadata[session.InputNames[0]];
        if (!input.IsTensor || input.ElementDataType != TensorElementType.Float || input.Dimensions.Length != 2 || input.Dimensions[1] <= 0)
            throw new ArgumentException($"The model's input '{session.InputNames[0]}' is {Describe(input)}; Twin needs float [rows, features] with the feature count fixed.", "model");
        var widths = new int[session.OutputNames.Count];
        for (var i = 0; i < widths.Length; i++)
        {
            var output = session.OutputMetadata[session.OutputNames[i]];
            if (!output.IsTensor || output.ElementDataType != TensorElementType.Float || output.Dimensions.Length is < 1 or > 2 || (output.Dimensions.Length == 2 && output.Dimensions[1] <= 0))
                throw new ArgumentException($"The model's output '{session.OutputNames[i]}' is {Describe(output)}; Twin reads float outputs [rows] or [rows, k] with k fixed.", "model");
            widths[i] = output.Dimensions.Length == 2 ? output.Dimensions[1] : 1;
        }
        return (input.Dimensions[1], widths);
    }

    static string Describe(NodeMetadata m) =>
        m.IsTensor ? $"{m.ElementDataType} [{string.Join(", ", m.Dimensions)}]" : m.OnnxValueType.ToString();
}
