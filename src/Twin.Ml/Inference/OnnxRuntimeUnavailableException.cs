namespace Twin.Ml.Inference;

/// <summary>
/// ONNX Runtime's native library (shipped by the Microsoft.ML.OnnxRuntime package) could not be
/// loaded. A <see cref="NotSupportedException"/>, so the CLI reports it as a message, not a crash.
/// </summary>
public sealed class OnnxRuntimeUnavailableException(Exception inner) : NotSupportedException(
    "ONNX Runtime's native library (libonnxruntime.so from the Microsoft.ML.OnnxRuntime package) could not be loaded: " +
    $"{Innermost(inner).Message} Rebuild Twin for your platform (`dotnet build`, runtime identifier linux-x64) so the library is copied beside the binaries.",
    inner)
{
    static Exception Innermost(Exception e) => e.InnerException is { } i ? Innermost(i) : e;
}
