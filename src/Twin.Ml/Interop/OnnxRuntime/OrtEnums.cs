namespace Twin.Ml.Interop.OnnxRuntime;

/// <summary>ONNX Runtime's <c>OrtErrorCode</c>, in the order of onnxruntime_c_api.h.</summary>
public enum OrtErrorCode
{
    Ok = 0,
    Fail = 1,
    InvalidArgument = 2,
    NoSuchFile = 3,
    NoModel = 4,
    EngineError = 5,
    RuntimeException = 6,
    InvalidProtobuf = 7,
    ModelLoaded = 8,
    NotImplemented = 9,
    InvalidGraph = 10,
    EpFail = 11,
}

/// <summary>ONNX Runtime's <c>OrtLoggingLevel</c>.</summary>
public enum OrtLoggingLevel
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}

/// <summary>The subset of <c>ONNXTensorElementDataType</c> Twin meets.</summary>
internal enum OnnxElementType
{
    Undefined = 0,
    Float = 1,
    Int64 = 7,
    Double = 11,
}
