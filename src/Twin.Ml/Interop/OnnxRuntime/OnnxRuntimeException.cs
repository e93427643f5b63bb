namespace Twin.Ml.Interop.OnnxRuntime;

/// <summary>An error ONNX Runtime reported through an <c>OrtStatus</c>.</summary>
public sealed class OnnxRuntimeException(OrtErrorCode errorCode, string message)
    : Exception($"ONNX Runtime error {errorCode}: {message}")
{
    public OrtErrorCode ErrorCode { get; } = errorCode;

    /// <summary>ORT's own message, without the code prefix.</summary>
    public string OrtMessage { get; } = message;
}

/// <summary>ONNX Runtime's native library is missing or not the expected version.</summary>
public sealed class OnnxRuntimeNotSupportedException(string message) : NotSupportedException(message);
