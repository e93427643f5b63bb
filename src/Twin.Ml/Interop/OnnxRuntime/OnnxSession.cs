using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Twin.Ml.Interop.OnnxRuntime;

/// <summary>
/// A loaded ONNX model with one float input of shape [rows, features]. <see cref="Run(ReadOnlySpan{float}, int, CancellationToken)"/>
/// may be called from many threads at once (ORT's Run is thread-safe); disposing waits for the
/// runs in flight through SafeHandle's reference count.
/// </summary>
public sealed unsafe partial class OnnxSession : IDisposable
{
    private const int ExecutionModeSequential = 0;
    private const int GraphOptimizationAll = 99;

    private readonly OrtSessionHandle _session;
    private readonly string _logId;

    private OnnxSession(OrtSessionHandle session, string logId, IReadOnlyList<string> inputNames,
        IReadOnlyList<string> outputNames, IReadOnlyList<long> inputShape)
    {
        _session = session;
        _logId = logId;
        InputNames = inputNames;
        OutputNames = outputNames;
        InputShape = inputShape;
        FeatureCount = inputShape.Count == 2 && inputShape[1] > 0 ? (int)inputShape[1] : null;
    }

    public IReadOnlyList<string> InputNames { get; }

    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>The declared shape of the first input; -1 for a dynamic dimension.</summary>
    public IReadOnlyList<long> InputShape { get; }

    /// <summary>The input's second dimension when the model fixes it, else null.</summary>
    public int? FeatureCount { get; }

    public static OnnxSession Create(ReadOnlySpan<byte> model, OnnxSessionOptions? options = null, ILogger? logger = null)
    {
        options ??= OnnxSessionOptions.Default;
        options.Validate();
        var api = OrtLibrary.Api;
        var env = OrtEnvironment.Env;
        var logId = OrtEnvironment.RegisterSessionLogger(logger);
        var session = new OrtSessionHandle();
        try
        {
            using (var sessionOptions = CreateSessionOptions(api, options, logId))
            {
                IntPtr raw;
                fixed (byte* pModel = model)
                {
                    api.Check(api.CreateSessionFromArray(env.Pointer, pModel, (nuint)model.Length, sessionOptions.Pointer, &raw));
                }

                Marshal.InitHandle(session, raw);
            }

            var inputNames = GetNames(api, session.Pointer, input: true);
            var outputNames = GetNames(api, session.Pointer, input: false);
            if (inputNames.Length != 1)
            {
                throw new ArgumentException($"The model has {inputNames.Length} inputs; OnnxSession runs models with exactly one float input [rows, features].", nameof(model));
            }

            session.SetNames(inputNames, outputNames);
            var shape = GetInputShape(api, session.Pointer, out var elementType);
            if (elementType != OnnxElementType.Float)
            {
                throw new ArgumentException($"The model's input '{inputNames[0]}' is of ONNX element type {(int)elementType}; OnnxSession needs float.", nameof(model));
            }

            return new OnnxSession(session, logId, inputNames, outputNames, shape);
        }
        catch
        {
            session.Dispose();
            OrtEnvironment.UnregisterSessionLogger(logId);
            throw;
        }
    }

    /// <summary>The execution providers compiled into the loaded library, e.g. CPUExecutionProvider.</summary>
    public static IReadOnlyList<string> GetAvailableProviders()
    {
        var api = OrtLibrary.Api;
        byte** providers;
        int count;
        api.Check(api.GetAvailableProviders(&providers, &count));
        try
        {
            var names = new string[count];
            for (var i = 0; i < count; i++)
            {
                names[i] = Utf8.ToString(providers[i]) ?? "";
            }

            return names;
        }
        finally
        {
            api.Check(api.ReleaseAvailableProviders(providers, count));
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        OrtEnvironment.UnregisterSessionLogger(_logId);
    }

    private static OrtSessionOptionsHandle CreateSessionOptions(OrtApi api, OnnxSessionOptions options, string logId)
    {
        var handle = new OrtSessionOptionsHandle();
        IntPtr raw;
        api.Check(api.CreateSessionOptions(&raw));
        Marshal.InitHandle(handle, raw);
        try
        {
            var p = handle.Pointer;
            api.Check(api.SetSessionExecutionMode(p, ExecutionModeSequential));
            api.Check(api.SetSessionGraphOptimizationLevel(p, GraphOptimizationAll));
            api.Check(api.SetIntraOpNumThreads(p, options.IntraOpThreads));
            api.Check(api.SetInterOpNumThreads(p, options.InterOpThreads));
            api.Check(api.SetSessionLogSeverityLevel(p, (int)options.LogSeverity));
            fixed (byte* pLogId = Utf8.ToNullTerminated(logId))
            {
                api.Check(api.SetSessionLogId(p, pLogId));
            }

            var spinning = options.AllowSpinning ? "1\0"u8 : "0\0"u8;
            fixed (byte* pKey = "session.intra_op.allow_spinning\0"u8)
            fixed (byte* pValue = spinning)
            {
                api.Check(api.AddSessionConfigEntry(p, pKey, pValue));
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static string[] GetNames(OrtApi api, IntPtr session, bool input)
    {
        nuint count;
        api.Check(input ? api.SessionGetInputCount(session, &count) : api.SessionGetOutputCount(session, &count));
        IntPtr allocator;
        api.Check(api.GetAllocatorWithDefaultOptions(&allocator));
        var names = new string[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* name;
            api.Check(input
                ? api.SessionGetInputName(session, i, allocator, &name)
                : api.SessionGetOutputName(session, i, allocator, &name));
            try
            {
                names[i] = Utf8.ToString(name) ?? "";
            }
            finally
            {
                api.Check(api.AllocatorFree(allocator, name));
            }
        }

        return names;
    }

    private static long[] GetInputShape(OrtApi api, IntPtr session, out OnnxElementType elementType)
    {
        using var typeInfo = new OrtTypeInfoHandle();
        IntPtr raw;
        api.Check(api.SessionGetInputTypeInfo(session, 0, &raw));
        Marshal.InitHandle(typeInfo, raw);

        // The tensor info belongs to the type info: not released on its own.
        IntPtr tensorInfo;
        api.Check(api.CastTypeInfoToTensorInfo(typeInfo.Pointer, &tensorInfo));
        if (tensorInfo == IntPtr.Zero)
        {
            elementType = OnnxElementType.Undefined;
            return [];
        }

        OnnxElementType type;
        api.Check(api.GetTensorElementType(tensorInfo, &type));
        elementType = type;
        return GetDimensions(api, tensorInfo);
    }

    internal static long[] GetDimensions(OrtApi api, IntPtr tensorInfo)
    {
        nuint rank;
        api.Check(api.GetDimensionsCount(tensorInfo, &rank));
        var dims = new long[(int)rank];
        fixed (long* pDims = dims)
        {
            api.Check(api.GetDimensions(tensorInfo, pDims, rank));
        }

        return dims;
    }
}
