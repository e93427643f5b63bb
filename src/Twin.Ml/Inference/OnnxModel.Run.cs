using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Twin.Ml.Inference;

public sealed partial class OnnxModel
{
    // Shared by every run that cannot be cancelled: ORT only reads it.
    static readonly RunOptions s_uncancellable = new();

    /// <summary>
    /// Runs the model on <paramref name="rows"/> rows laid out row-major in <paramref name="features"/>
    /// and returns every output in <see cref="OutputNames"/> order; ORT writes them straight into the
    /// returned arrays. Cancelling <paramref name="cancellationToken"/> sets the run's
    /// <see cref="RunOptions.Terminate"/> flag and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public float[][] Run(ReadOnlyMemory<float> features, int rows, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        if ((long)FeatureCount * rows != features.Length)
            throw new ArgumentException($"Expected {rows} rows × {FeatureCount} features, but got {features.Length} values.", nameof(features));

        var results = new float[_outputWidths.Length][];
        var outputs = new OrtValue[_outputWidths.Length];
        try
        {
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, MemoryMarshal.AsMemory(features), [rows, FeatureCount]);
            for (var i = 0; i < outputs.Length; i++)
            {
                results[i] = new float[rows * _outputWidths[i]];
                outputs[i] = OrtValue.CreateTensorValueFromMemory(results[i], OutputShape(i, rows));
            }
            if (!cancellationToken.CanBeCanceled)
            {
                _session.Run(s_uncancellable, _inputNames, [input], _session.OutputNames, outputs);
                return results;
            }
            using var runOptions = new RunOptions();
            Cancellable(runOptions, cancellationToken, () => _session.Run(runOptions, _inputNames, [input], _session.OutputNames, outputs));
            return results;
        }
        finally
        {
            foreach (var output in outputs) output?.Dispose();
        }
    }

    /// <summary>
    /// Runs one row on this thread's pre-bound buffers (no tensor created per call) and writes every
    /// output, in order, into <paramref name="destination"/>. Returns the number of floats written.
    /// </summary>
    public int RunRow(ReadOnlySpan<float> row, Span<float> destination, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (row.Length != FeatureCount)
            throw new ArgumentException($"Expected one row of {FeatureCount} features, but got {row.Length} values.", nameof(row));
        var binding = _rowBindings.Value!;
        if (destination.Length < binding.OutputLength)
            throw new ArgumentException($"The model's outputs hold {binding.OutputLength} values but the destination holds {destination.Length}.", nameof(destination));

        row.CopyTo(binding.Input);
        if (!cancellationToken.CanBeCanceled)
            _session.RunWithBinding(binding.RunOptions, binding.Binding);
        else
            Cancellable(binding.RunOptions, cancellationToken, () => _session.RunWithBinding(binding.RunOptions, binding.Binding));
        return binding.CopyOutputs(destination);
    }

    long[] OutputShape(int output, int rows) =>
        _session.OutputMetadata[_session.OutputNames[output]].Dimensions.Length == 1 ? [rows] : [rows, _outputWidths[output]];

    /// <summary>
    /// Runs <paramref name="run"/> with the token wired to <paramref name="runOptions"/>' terminate flag,
    /// which ORT checks between nodes. The flag is cleared afterwards, so reused options run again.
    /// </summary>
    static void Cancellable(RunOptions runOptions, CancellationToken cancellationToken, Action run)
    {
        try
        {
            // Dispose waits for a callback running on another thread, so the reset below comes last.
            using (cancellationToken.UnsafeRegister(static state => ((RunOptions)state!).Terminate = true, runOptions))
                run();
        }
        catch (OnnxRuntimeException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The ONNX Runtime run was cancelled.", e, cancellationToken);
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested) runOptions.Terminate = false;
        }
        cancellationToken.ThrowIfCancellationRequested();
    }
}
