using System.Runtime.InteropServices;
using System.Text;

namespace Twin.Ml.Interop.OnnxRuntime;

/// <summary>Null-terminated UTF-8 strings to and from native code.</summary>
internal static unsafe class Utf8
{
    public static string? ToString(byte* s) => s is null ? null : Marshal.PtrToStringUTF8((IntPtr)s);

    /// <summary>A null-terminated UTF-8 copy of <paramref name="s"/>, to be pinned by the caller.</summary>
    public static byte[] ToNullTerminated(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}
