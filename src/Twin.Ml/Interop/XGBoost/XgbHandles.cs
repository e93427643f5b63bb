using System.Runtime.InteropServices;

namespace Twin.Ml.Interop.XGBoost;

/// <summary>An XGBoost <c>DMatrixHandle</c>, freed with <c>XGDMatrixFree</c>.</summary>
internal sealed class XgbDMatrixHandle() : SafeHandle(nint.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == nint.Zero;

    protected override unsafe bool ReleaseHandle() => XGBoostLibrary.Api.XGDMatrixFree(handle) == 0;
}

/// <summary>An XGBoost <c>BoosterHandle</c>, freed with <c>XGBoosterFree</c>.</summary>
internal sealed class XgbBoosterHandle() : SafeHandle(nint.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == nint.Zero;

    protected override unsafe bool ReleaseHandle() => XGBoostLibrary.Api.XGBoosterFree(handle) == 0;
}

/// <summary>
/// Keeps a <see cref="SafeHandle"/> from being released while a native call uses its pointer (calls
/// through function pointers do not get the marshaller's AddRef/Release). Throws
/// <see cref="ObjectDisposedException"/> when the handle is already closed.
/// </summary>
internal ref struct HandleLease
{
    private readonly SafeHandle _handle;
    private bool _added;

    public HandleLease(SafeHandle handle)
    {
        _handle = handle;
        _added = false;
        handle.DangerousAddRef(ref _added);
        Pointer = handle.DangerousGetHandle();
    }

    public nint Pointer { get; }

    public void Dispose()
    {
        if (_added)
        {
            _added = false;
            _handle.DangerousRelease();
        }
    }
}

/// <summary>Null-terminated UTF-8 for the C API's <c>const char*</c> parameters.</summary>
internal static class Utf8Z
{
    public static byte[] From(string value)
    {
        if (value.Contains('\0'))
        {
            throw new ArgumentException("The string contains a NUL character.", nameof(value));
        }

        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(value) + 1];
        System.Text.Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }
}
