using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Twin.Ml.Interop.OnnxRuntime;

/// <summary>
/// The process-wide <c>OrtEnv</c> (ORT keeps one per process anyway) and the CPU memory info
/// that input tensors are described with; both live until the process exits. ORT's own log is
/// routed to <see cref="ILogger"/>: each session gets a unique log id, and lines carrying it go
/// to that session's logger; everything else goes to <see cref="DefaultLogger"/>.
/// </summary>
internal static unsafe class OrtEnvironment
{
    /// <summary>The env-wide threshold; a session can log below it through its own severity.</summary>
    internal const OrtLoggingLevel EnvLogLevel = OrtLoggingLevel.Warning;
    internal const string EnvLogId = "twin";
    internal static readonly EventId OrtEventId = new(7100, "OnnxRuntime");

    private static readonly ConcurrentDictionary<string, ILogger> s_loggers = new(StringComparer.Ordinal);
    private static readonly Lazy<Shared> s_shared = new(CreateShared, LazyThreadSafetyMode.ExecutionAndPublication);
    private static long s_nextSessionId;

    /// <summary>Receives ORT lines that belong to no session (env creation, shutdown).</summary>
    public static ILogger DefaultLogger { get; set; } = NullLogger.Instance;

    public static OrtEnvHandle Env => s_shared.Value.Env;

    public static OrtMemoryInfoHandle CpuMemoryInfo => s_shared.Value.CpuMemoryInfo;

    /// <summary>ORT's name for a memory location, e.g. "Cpu".</summary>
    public static string GetMemoryInfoName(OrtMemoryInfoHandle memoryInfo)
    {
        var api = OrtLibrary.Api;
        byte* name;
        api.Check(api.MemoryInfoGetName(memoryInfo.Pointer, &name));
        return Utf8.ToString(name) ?? "";
    }

    /// <summary>Reserves a unique ORT log id routed to <paramref name="logger"/>.</summary>
    public static string RegisterSessionLogger(ILogger? logger)
    {
        var id = $"twin-onnx-{Interlocked.Increment(ref s_nextSessionId)}";
        if (logger is not null)
        {
            s_loggers[id] = logger;
        }

        return id;
    }

    public static void UnregisterSessionLogger(string logId) => s_loggers.TryRemove(logId, out _);

    /// <summary>Creates an env through the custom-logger entry; the caller owns the handle.</summary>
    internal static OrtEnvHandle CreateEnv(OrtLoggingLevel level)
    {
        var api = OrtLibrary.Api;
        var env = new OrtEnvHandle();
        IntPtr raw;
        var logId = Utf8.ToNullTerminated(EnvLogId);
        fixed (byte* pLogId = logId)
        {
            api.Check(api.CreateEnvWithCustomLogger(&OnLog, IntPtr.Zero, level, pLogId, &raw));
        }

        Marshal.InitHandle(env, raw);
        return env;
    }

    private static Shared CreateShared()
    {
        var env = CreateEnv(EnvLogLevel);

        return new Shared(env, CreateCpuMemoryInfo());
    }

    /// <summary>Describes plain CPU memory owned by the caller; the caller owns the handle.</summary>
    internal static OrtMemoryInfoHandle CreateCpuMemoryInfo()
    {
        var api = OrtLibrary.Api;
        var memoryInfo = new OrtMemoryInfoHandle();
        IntPtr raw;
        // OrtArenaAllocator = 1, OrtMemTypeDefault = 0.
        api.Check(api.CreateCpuMemoryInfo(1, 0, &raw));
        Marshal.InitHandle(memoryInfo, raw);
        return memoryInfo;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLog(IntPtr param, OrtLoggingLevel severity, byte* category, byte* logId, byte* codeLocation, byte* message)
    {
        // An exception must never unwind into native code.
        try
        {
            var id = Utf8.ToString(logId) ?? "";
            var logger = s_loggers.TryGetValue(id, out var sessionLogger) ? sessionLogger : DefaultLogger;
            var level = ToLogLevel(severity);
            if (!logger.IsEnabled(level))
            {
                return;
            }

            logger.Log(level, OrtEventId, "[{OrtLogId}] {OrtMessage} ({OrtCategory} {OrtCodeLocation})",
                id, Utf8.ToString(message), Utf8.ToString(category), Utf8.ToString(codeLocation));
        }
        catch (Exception)
        {
            // Logging is best effort; losing a line is better than crashing the process.
        }
    }

    internal static LogLevel ToLogLevel(OrtLoggingLevel severity) => severity switch
    {
        OrtLoggingLevel.Verbose => LogLevel.Trace,
        OrtLoggingLevel.Info => LogLevel.Information,
        OrtLoggingLevel.Warning => LogLevel.Warning,
        OrtLoggingLevel.Error => LogLevel.Error,
        _ => LogLevel.Critical,
    };

    internal static OrtLoggingLevel ToOrtLevel(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => OrtLoggingLevel.Verbose,
        LogLevel.Information => OrtLoggingLevel.Info,
        LogLevel.Warning => OrtLoggingLevel.Warning,
        LogLevel.Error => OrtLoggingLevel.Error,
        _ => OrtLoggingLevel.Fatal,
    };

    private sealed record Shared(OrtEnvHandle Env, OrtMemoryInfoHandle CpuMemoryInfo);
}
