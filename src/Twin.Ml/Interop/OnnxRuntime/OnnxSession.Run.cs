using System.Runtime.InteropServices;

namespace Twin.Ml.Interop.OnnxRuntime;

public sealed unsafe partial class OnnxSession
{
    private const int MaxStackOutputs = 16;

    /// <summary>
    /// Runs the model on <paramref name="rows"/> rows laid out row-major in
    /// <paramref name="features"/> and returns every output, copied out, in <see cref="OutputNames"/> order.
    /// Cancelling <paramref name="cancellationToken"/> terminates the native run through its
    /// RunOptions and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public float[][] Run(ReadOnlySpan<float> features, int rows, CancellationToken cancellationToken = default)
    {
        var count = OutputNames.Count;
        var outputs = count <= MaxStackOutputs ? stackalloc IntPtr[count] : new IntPtr[count];
        outputs.Clear();
        fixed (IntPtr* pOutputs = outputs)
        {
            try
            {
                RunCore(features, rows, count, pOutputs, cancellationToken);
                var results = new float[count][];
                for (var i = 0; i < count; i++)
                {
                    var api = OrtLibrary.Api;
                    var length = GetFloatTensor(api, pOutputs[i], OutputNames[i], out var data);
                    results[i] = new ReadOnlySpan<float>(data, length).ToArray();
                }

                return results;
            }
            finally
            {
                ReleaseValues(pOutputs, count);
            }
        }
    }

    /// <summary>
    /// Runs the model and writes only its first output into <paramref name="destination"/>,
    /// allocating nothing on the managed heap beyond a few handles. Returns the number of floats written.
    /// </summary>
    public int Run(ReadOnlySpan<float> features, int rows, Span<float> destination, CancellationToken cancellationToken = default)
    {
        IntPtr output = IntPtr.Zero;
        try
        {
            RunCore(features, rows, 1, &output, cancellationToken);
            var length = GetFloatTensor(OrtLibrary.Api, output, OutputNames[0], out var data);
            if (length > destination.Length)
            {
                throw new ArgumentException(
                    $"The output '{OutputNames[0]}' has {length} values but the destination holds {destination.Length}.", nameof(destination));
            }

            new ReadOnlySpan<float>(data, length).CopyTo(destination);
            return length;
        }
        finally
        {
            ReleaseValues(&output, 1);
        }
    }

    /// <summary>Runs the first <paramref name="outputCount"/> outputs; the caller releases <paramref name="outputs"/>.</summary>
    private void RunCore(ReadOnlySpan<float> features, int rows, int outputCount, IntPtr* outputs, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        var featureCount = FeatureCount ?? Math.DivRem(features.Length, rows).Quotient;
        if (featureCount == 0 || (long)featureCount * rows != features.Length)
        {
            throw new ArgumentException(
                $"Expected {rows} rows × {FeatureCount?.ToString() ?? "n"} features, but got {features.Length} values.", nameof(features));
        }

        var api = OrtLibrary.Api;
        var added = false;
        _session.DangerousAddRef(ref added);
        try
        {
            var shape = stackalloc long[2] { rows, featureCount };
            using var input = new OrtValueHandle();
            fixed (float* pFeatures = features)
            {
                // CreateTensorWithDataAsOrtValue does not copy: the buffer stays pinned by this
                // fixed block until Run has returned and the value has been released.
                IntPtr raw;
                api.Check(api.CreateTensorWithDataAsOrtValue(OrtEnvironment.CpuMemoryInfo.Pointer, pFeatures,
                    (nuint)features.Length * sizeof(float), shape, 2, OnnxElementType.Float, &raw));
                Marshal.InitHandle(input, raw);

                var inputPointer = input.Pointer;
                if (!cancellationToken.CanBeCanceled)
                {
                    api.Check(api.Run(_session.Pointer, IntPtr.Zero, _session.InputNames, &inputPointer, 1,
                        _session.OutputNames, (nuint)outputCount, outputs));
                    return;
                }

                using var runOptions = CreateRunOptions(api);
                IntPtr status;
                using (cancellationToken.UnsafeRegister(static state => Terminate((OrtRunOptionsHandle)state!), runOptions))
                {
                    status = api.Run(_session.Pointer, runOptions.Pointer, _session.InputNames, &inputPointer, 1,
                        _session.OutputNames, (nuint)outputCount, outputs);
                }

                if (status != IntPtr.Zero)
                {
                    var error = api.ToException(status);
                    if (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException("The ONNX Runtime run was cancelled.", error, cancellationToken);
                    }

                    throw error;
                }
            }
        }
        finally
        {
            if (added)
            {
                _session.DangerousRelease();
            }
        }
    }

    private static OrtRunOptionsHandle CreateRunOptions(OrtApi api)
    {
        var handle = new OrtRunOptionsHandle();
        IntPtr raw;
        api.Check(api.CreateRunOptions(&raw));
        Marshal.InitHandle(handle, raw);
        return handle;
    }

    /// <summary>Called on the cancelling thread; sets the flag ORT checks before each node.</summary>
    private static void Terminate(OrtRunOptionsHandle runOptions)
    {
        var api = OrtLibrary.Api;
        var status = api.RunOptionsSetTerminate(runOptions.Pointer);
        if (status != IntPtr.Zero)
        {
            // Nothing useful to do on the cancelling thread; the run then simply completes.
            _ = api.ToException(status);
        }
    }

    /// <summary>Checks an output is a float tensor and returns its element count and data.</summary>
    private static int GetFloatTensor(OrtApi api, IntPtr value, string name, out float* data)
    {
        using var info = new OrtTensorTypeAndShapeInfoHandle();
        IntPtr raw;
        api.Check(api.GetTensorTypeAndShape(value, &raw));
        Marshal.InitHandle(info, raw);
        OnnxElementType type;
        api.Check(api.GetTensorElementType(info.Pointer, &type));
        if (type != OnnxElementType.Float)
        {
            throw new InvalidOperationException($"The output '{name}' is of ONNX element type {(int)type}; OnnxSession reads float outputs only.");
        }

        nuint rank;
        api.Check(api.GetDimensionsCount(info.Pointer, &rank));
        var dims = rank <= 8 ? stackalloc long[(int)rank] : new long[(int)rank];
        long length = 1;
        fixed (long* pDims = dims)
        {
            api.Check(api.GetDimensions(info.Pointer, pDims, rank));
        }

        foreach (var dim in dims)
        {
            length *= dim;
        }

        void* p;
        api.Check(api.GetTensorMutableData(value, &p));
        data = (float*)p;
        return checked((int)length);
    }

    private static void ReleaseValues(IntPtr* values, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (values[i] != IntPtr.Zero)
            {
                using var handle = new OrtValueHandle();
                Marshal.InitHandle(handle, values[i]);
                values[i] = IntPtr.Zero;
            }
        }
    }
}
