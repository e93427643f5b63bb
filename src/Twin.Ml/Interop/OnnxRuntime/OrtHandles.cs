using System.Runtime.InteropServices;

namespace Twin.Ml.Interop.OnnxRuntime;

// One small SafeHandle per kind of native ORT object, each releasing through its own OrtApi
// entry. Kept together because each is three lines; the release entry is the only difference.

internal abstract class OrtHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The raw pointer, for a call made while the caller holds the handle alive.</summary>
    public IntPtr Pointer => handle;
}

internal sealed unsafe class OrtEnvHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtLibrary.Api.ReleaseEnv(handle);
        return true;
    }
}

internal sealed unsafe class OrtSessionOptionsHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtLibrary.Api.ReleaseSessionOptions(handle);
        return true;
    }
}

internal sealed unsafe class OrtMemoryInfoHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtLibrary.Api.ReleaseMemoryInfo(handle);
        return true;
    }
}

internal sealed unsafe class OrtValueHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtLibrary.Api.ReleaseValue(handle);
        return true;
    }
}

internal sealed unsafe class OrtRunOptionsHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtLibrary.Api.ReleaseRunOptions(handle);
        return true;
    }
}

internal sealed unsafe class OrtTypeInfoHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtLibrary.Api.ReleaseTypeInfo(handle);
        return true;
    }
}

internal sealed unsafe class OrtTensorTypeAndShapeInfoHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtLibrary.Api.ReleaseTensorTypeAndShapeInfo(handle);
        return true;
    }
}

internal sealed unsafe class OrtModelMetadataHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtLibrary.Api.ReleaseModelMetadata(handle);
        return true;
    }
}

/// <summary>
/// An <c>OrtSession</c> together with the null-terminated input and output names that every
/// <c>Run</c> passes. The names live in native memory freed only after <c>ReleaseSession</c>,
/// and SafeHandle's reference count keeps both alive while any <c>Run</c> is in flight.
/// </summary>
internal sealed unsafe class OrtSessionHandle : OrtHandle
{
    public byte** InputNames { get; private set; }
    public byte** OutputNames { get; private set; }
    private int _inputCount;
    private int _outputCount;

    public void SetNames(IReadOnlyList<string> inputs, IReadOnlyList<string> outputs)
    {
        InputNames = Allocate(inputs);
        _inputCount = inputs.Count;
        OutputNames = Allocate(outputs);
        _outputCount = outputs.Count;
    }

    protected override bool ReleaseHandle()
    {
        OrtLibrary.Api.ReleaseSession(handle);
        Free(InputNames, _inputCount);
        Free(OutputNames, _outputCount);
        return true;
    }

    private static byte** Allocate(IReadOnlyList<string> names)
    {
        var array = (byte**)NativeMemory.AllocZeroed((nuint)Math.Max(1, names.Count), (nuint)sizeof(byte*));
        for (var i = 0; i < names.Count; i++)
        {
            var bytes = Utf8.ToNullTerminated(names[i]);
            var p = (byte*)NativeMemory.Alloc((nuint)bytes.Length);
            bytes.CopyTo(new Span<byte>(p, bytes.Length));
            array[i] = p;
        }

        return array;
    }

    private static void Free(byte** array, int count)
    {
        if (array is null)
        {
            return;
        }

        for (var i = 0; i < count; i++)
        {
            NativeMemory.Free(array[i]);
        }

        NativeMemory.Free(array);
    }
}
