namespace Twin.Ml.Interop.OnnxRuntime;

/// <summary>
/// The entries of ONNX Runtime's <c>OrtApi</c> function table that Twin uses, read by index from
/// the pointer array <c>OrtApiBase.GetApi</c> returns. The indices are the members' positions in
/// <c>struct OrtApi</c> of onnxruntime_c_api.h (counted from 0; the table only ever grows at the
/// end, so they hold for every version from the one that introduced them up to 1.30). A wrong
/// index calls the wrong function and crashes the process: every entry here is exercised by a
/// test in tests/Twin.Ml.Tests/Onnx.
/// Opaque ORT objects travel as <see cref="IntPtr"/>; a returned <see cref="IntPtr"/> is an
/// <c>OrtStatus*</c> (null on success) to be passed to <see cref="Check"/>.
/// </summary>
internal sealed unsafe class OrtApi
{
    internal const int GetErrorCodeIndex = 1;
    internal const int GetErrorMessageIndex = 2;
    internal const int CreateEnvWithCustomLoggerIndex = 4;
    internal const int CreateSessionFromArrayIndex = 8;
    internal const int RunIndex = 9;
    internal const int CreateSessionOptionsIndex = 10;
    internal const int SetSessionExecutionModeIndex = 13;
    internal const int SetSessionLogIdIndex = 20;
    internal const int SetSessionLogSeverityLevelIndex = 22;
    internal const int SetSessionGraphOptimizationLevelIndex = 23;
    internal const int SetIntraOpNumThreadsIndex = 24;
    internal const int SetInterOpNumThreadsIndex = 25;
    internal const int SessionGetInputCountIndex = 30;
    internal const int SessionGetOutputCountIndex = 31;
    internal const int SessionGetInputTypeInfoIndex = 33;
    internal const int SessionGetInputNameIndex = 36;
    internal const int SessionGetOutputNameIndex = 37;
    internal const int CreateRunOptionsIndex = 39;
    internal const int RunOptionsSetTerminateIndex = 46;
    internal const int CreateTensorWithDataAsOrtValueIndex = 49;
    internal const int GetTensorMutableDataIndex = 51;
    internal const int CastTypeInfoToTensorInfoIndex = 55;
    internal const int GetTensorElementTypeIndex = 60;
    internal const int GetDimensionsCountIndex = 61;
    internal const int GetDimensionsIndex = 62;
    internal const int GetTensorTypeAndShapeIndex = 65;
    internal const int CreateCpuMemoryInfoIndex = 69;
    internal const int MemoryInfoGetNameIndex = 71;
    internal const int AllocatorFreeIndex = 76;
    internal const int GetAllocatorWithDefaultOptionsIndex = 78;
    internal const int ReleaseEnvIndex = 92;
    internal const int ReleaseStatusIndex = 93;
    internal const int ReleaseMemoryInfoIndex = 94;
    internal const int ReleaseSessionIndex = 95;
    internal const int ReleaseValueIndex = 96;
    internal const int ReleaseRunOptionsIndex = 97;
    internal const int ReleaseTypeInfoIndex = 98;
    internal const int ReleaseTensorTypeAndShapeInfoIndex = 99;
    internal const int ReleaseSessionOptionsIndex = 100;
    internal const int SessionGetModelMetadataIndex = 111;
    internal const int ModelMetadataGetProducerNameIndex = 112;
    internal const int ModelMetadataLookupCustomMetadataMapIndex = 116;
    internal const int ReleaseModelMetadataIndex = 118;
    internal const int ModelMetadataGetCustomMetadataMapKeysIndex = 123;
    internal const int GetAvailableProvidersIndex = 125;
    internal const int ReleaseAvailableProvidersIndex = 126;
    internal const int AddSessionConfigEntryIndex = 130;

    /// <summary>The highest index above; the table must have at least this many + 1 entries.</summary>
    internal const int HighestIndexUsed = AddSessionConfigEntryIndex;

    public readonly delegate* unmanaged[Cdecl]<IntPtr, OrtErrorCode> GetErrorCode;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, byte*> GetErrorMessage;
    public readonly delegate* unmanaged[Cdecl]<
        delegate* unmanaged[Cdecl]<IntPtr, OrtLoggingLevel, byte*, byte*, byte*, byte*, void>,
        IntPtr, OrtLoggingLevel, byte*, IntPtr*, IntPtr> CreateEnvWithCustomLogger;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void*, nuint, IntPtr, IntPtr*, IntPtr> CreateSessionFromArray;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, byte**, IntPtr*, nuint, byte**, nuint, IntPtr*, IntPtr> Run;
    public readonly delegate* unmanaged[Cdecl]<IntPtr*, IntPtr> CreateSessionOptions;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr> SetSessionExecutionMode;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, byte*, IntPtr> SetSessionLogId;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr> SetSessionLogSeverityLevel;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr> SetSessionGraphOptimizationLevel;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr> SetIntraOpNumThreads;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr> SetInterOpNumThreads;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr> SessionGetInputCount;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr> SessionGetOutputCount;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr*, IntPtr> SessionGetInputTypeInfo;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr, byte**, IntPtr> SessionGetInputName;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr, byte**, IntPtr> SessionGetOutputName;
    public readonly delegate* unmanaged[Cdecl]<IntPtr*, IntPtr> CreateRunOptions;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr> RunOptionsSetTerminate;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void*, nuint, long*, nuint, OnnxElementType, IntPtr*, IntPtr> CreateTensorWithDataAsOrtValue;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void**, IntPtr> GetTensorMutableData;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr*, IntPtr> CastTypeInfoToTensorInfo;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, OnnxElementType*, IntPtr> GetTensorElementType;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr> GetDimensionsCount;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, long*, nuint, IntPtr> GetDimensions;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr*, IntPtr> GetTensorTypeAndShape;
    public readonly delegate* unmanaged[Cdecl]<int, int, IntPtr*, IntPtr> CreateCpuMemoryInfo;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, byte**, IntPtr> MemoryInfoGetName;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void*, IntPtr> AllocatorFree;
    public readonly delegate* unmanaged[Cdecl]<IntPtr*, IntPtr> GetAllocatorWithDefaultOptions;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseEnv;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseStatus;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseMemoryInfo;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseSession;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseValue;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseRunOptions;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseTypeInfo;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseTensorTypeAndShapeInfo;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseSessionOptions;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr*, IntPtr> SessionGetModelMetadata;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, byte**, IntPtr> ModelMetadataGetProducerName;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, byte*, byte**, IntPtr> ModelMetadataLookupCustomMetadataMap;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseModelMetadata;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, byte***, long*, IntPtr> ModelMetadataGetCustomMetadataMapKeys;
    public readonly delegate* unmanaged[Cdecl]<byte***, int*, IntPtr> GetAvailableProviders;
    public readonly delegate* unmanaged[Cdecl]<byte**, int, IntPtr> ReleaseAvailableProviders;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, byte*, byte*, IntPtr> AddSessionConfigEntry;

    public OrtApi(void** table)
    {
        GetErrorCode = (delegate* unmanaged[Cdecl]<IntPtr, OrtErrorCode>)table[GetErrorCodeIndex];
        GetErrorMessage = (delegate* unmanaged[Cdecl]<IntPtr, byte*>)table[GetErrorMessageIndex];
        CreateEnvWithCustomLogger = (delegate* unmanaged[Cdecl]<
            delegate* unmanaged[Cdecl]<IntPtr, OrtLoggingLevel, byte*, byte*, byte*, byte*, void>,
            IntPtr, OrtLoggingLevel, byte*, IntPtr*, IntPtr>)table[CreateEnvWithCustomLoggerIndex];
        CreateSessionFromArray = (delegate* unmanaged[Cdecl]<IntPtr, void*, nuint, IntPtr, IntPtr*, IntPtr>)table[CreateSessionFromArrayIndex];
        Run = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, byte**, IntPtr*, nuint, byte**, nuint, IntPtr*, IntPtr>)table[RunIndex];
        CreateSessionOptions = (delegate* unmanaged[Cdecl]<IntPtr*, IntPtr>)table[CreateSessionOptionsIndex];
        SetSessionExecutionMode = (delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr>)table[SetSessionExecutionModeIndex];
        SetSessionLogId = (delegate* unmanaged[Cdecl]<IntPtr, byte*, IntPtr>)table[SetSessionLogIdIndex];
        SetSessionLogSeverityLevel = (delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr>)table[SetSessionLogSeverityLevelIndex];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr>)table[SetSessionGraphOptimizationLevelIndex];
        SetIntraOpNumThreads = (delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr>)table[SetIntraOpNumThreadsIndex];
        SetInterOpNumThreads = (delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr>)table[SetInterOpNumThreadsIndex];
        SessionGetInputCount = (delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr>)table[SessionGetInputCountIndex];
        SessionGetOutputCount = (delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr>)table[SessionGetOutputCountIndex];
        SessionGetInputTypeInfo = (delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr*, IntPtr>)table[SessionGetInputTypeInfoIndex];
        SessionGetInputName = (delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr, byte**, IntPtr>)table[SessionGetInputNameIndex];
        SessionGetOutputName = (delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr, byte**, IntPtr>)table[SessionGetOutputNameIndex];
        CreateRunOptions = (delegate* unmanaged[Cdecl]<IntPtr*, IntPtr>)table[CreateRunOptionsIndex];
        RunOptionsSetTerminate = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)table[RunOptionsSetTerminateIndex];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged[Cdecl]<IntPtr, void*, nuint, long*, nuint, OnnxElementType, IntPtr*, IntPtr>)table[CreateTensorWithDataAsOrtValueIndex];
        GetTensorMutableData = (delegate* unmanaged[Cdecl]<IntPtr, void**, IntPtr>)table[GetTensorMutableDataIndex];
        CastTypeInfoToTensorInfo = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr*, IntPtr>)table[CastTypeInfoToTensorInfoIndex];
        GetTensorElementType = (delegate* unmanaged[Cdecl]<IntPtr, OnnxElementType*, IntPtr>)table[GetTensorElementTypeIndex];
        GetDimensionsCount = (delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr>)table[GetDimensionsCountIndex];
        GetDimensions = (delegate* unmanaged[Cdecl]<IntPtr, long*, nuint, IntPtr>)table[GetDimensionsIndex];
        GetTensorTypeAndShape = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr*, IntPtr>)table[GetTensorTypeAndShapeIndex];
        CreateCpuMemoryInfo = (delegate* unmanaged[Cdecl]<int, int, IntPtr*, IntPtr>)table[CreateCpuMemoryInfoIndex];
        MemoryInfoGetName = (delegate* unmanaged[Cdecl]<IntPtr, byte**, IntPtr>)table[MemoryInfoGetNameIndex];
        AllocatorFree = (delegate* unmanaged[Cdecl]<IntPtr, void*, IntPtr>)table[AllocatorFreeIndex];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged[Cdecl]<IntPtr*, IntPtr>)table[GetAllocatorWithDefaultOptionsIndex];
        ReleaseEnv = (delegate* unmanaged[Cdecl]<IntPtr, void>)table[ReleaseEnvIndex];
        ReleaseStatus = (delegate* unmanaged[Cdecl]<IntPtr, void>)table[ReleaseStatusIndex];
        ReleaseMemoryInfo = (delegate* unmanaged[Cdecl]<IntPtr, void>)table[ReleaseMemoryInfoIndex];
        ReleaseSession = (delegate* unmanaged[Cdecl]<IntPtr, void>)table[ReleaseSessionIndex];
        ReleaseValue = (delegate* unmanaged[Cdecl]<IntPtr, void>)table[ReleaseValueIndex];
        ReleaseRunOptions = (delegate* unmanaged[Cdecl]<IntPtr, void>)table[ReleaseRunOptionsIndex];
        ReleaseTypeInfo = (delegate* unmanaged[Cdecl]<IntPtr, void>)table[ReleaseTypeInfoIndex];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged[Cdecl]<IntPtr, void>)table[ReleaseTensorTypeAndShapeInfoIndex];
        ReleaseSessionOptions = (delegate* unmanaged[Cdecl]<IntPtr, void>)table[ReleaseSessionOptionsIndex];
        SessionGetModelMetadata = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr*, IntPtr>)table[SessionGetModelMetadataIndex];
        ModelMetadataGetProducerName = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, byte**, IntPtr>)table[ModelMetadataGetProducerNameIndex];
        ModelMetadataLookupCustomMetadataMap = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, byte*, byte**, IntPtr>)table[ModelMetadataLookupCustomMetadataMapIndex];
        ReleaseModelMetadata = (delegate* unmanaged[Cdecl]<IntPtr, void>)table[ReleaseModelMetadataIndex];
        ModelMetadataGetCustomMetadataMapKeys = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, byte***, long*, IntPtr>)table[ModelMetadataGetCustomMetadataMapKeysIndex];
        GetAvailableProviders = (delegate* unmanaged[Cdecl]<byte***, int*, IntPtr>)table[GetAvailableProvidersIndex];
        ReleaseAvailableProviders = (delegate* unmanaged[Cdecl]<byte**, int, IntPtr>)table[ReleaseAvailableProvidersIndex];
        AddSessionConfigEntry = (delegate* unmanaged[Cdecl]<IntPtr, byte*, byte*, IntPtr>)table[AddSessionConfigEntryIndex];
    }

    /// <summary>
    /// The one status check: a non-null <c>OrtStatus*</c> is turned into an
    /// <see cref="OnnxRuntimeException"/> carrying ORT's code and message, copied before the
    /// status is released.
    /// </summary>
    public void Check(IntPtr status)
    {
        if (status != IntPtr.Zero)
        {
            throw ToException(status);
        }
    }

    /// <summary>Copies code and message out of <paramref name="status"/> and releases it.</summary>
    public OnnxRuntimeException ToException(IntPtr status)
    {
        try
        {
            var code = GetErrorCode(status);
            var message = Utf8.ToString(GetErrorMessage(status)) ?? "";
            return new OnnxRuntimeException(code, message);
        }
        finally
        {
            ReleaseStatus(status);
        }
    }
}
