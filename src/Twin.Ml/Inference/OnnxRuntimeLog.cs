using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace Twin.Ml.Inference;

/// <summary>
/// The process-wide <see cref="OrtEnv"/> (ORT keeps exactly one), created with a logging function
/// so ORT's own log reaches <see cref="ILogger"/>: each session gets a unique log id, lines
/// carrying it go to that session's logger, everything else to <see cref="DefaultLogger"/>.
/// </summary>
public static class OnnxRuntimeLog
{
    /// <summary>The event id every ORT line is logged under.</summary>
    public static readonly EventId EventId = new(7100, "OnnxRuntime");

    internal const string EnvLogId = "twin";

    static readonly ConcurrentDictionary<string, ILogger> s_loggers = new(StringComparer.Ordinal);
    // Kept in a static field: ORT holds a pointer to it for the life of the process.
    static readonly DOrtLoggingFunction s_callback = OnLog;
    static readonly Lazy<OrtEnv> s_env = new(CreateEnv, LazyThreadSafetyMode.ExecutionAndPublication);
    static long s_nextSessionId;

    /// <summary>Receives ORT lines that belong to no session (env creation, shutdown).</summary>
    public static ILogger DefaultLogger { get; set; } = NullLogger.Instance;

    /// <summary>The env, created on first use; every session must be created after it.</summary>
    internal static OrtEnv Env => s_env.Value;

    /// <summary>Reserves a unique ORT log id routed to <paramref name="logger"/>.</summary>
    internal static string Register(ILogger? logger)
    {
        var id = $"twin-onnx-{Interlocked.Increment(ref s_nextSessionId)}";
        if (logger is not null) s_loggers[id] = logger;
        return id;
    }

    internal static void Unregister(string logId) => s_loggers.TryRemove(logId, out _);

    static OrtEnv CreateEnv()
    {
        var options = new EnvironmentCreationOptions
        {
            logId = EnvLogId,
            // The env-wide threshold; a session logs below it through its own severity.
            logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
            loggingFunction = s_callback,
        };
        try
        {
            return OrtEnv.CreateInstanceWithOptions(ref options);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new OnnxRuntimeUnavailableException(e);
        }
    }

    static void OnLog(IntPtr param, OrtLoggingLevel severity, string category, string logId, string codeLocation, string message)
    {
        // An exception must never unwind into native code.
        try
        {
            var logger = s_loggers.TryGetValue(logId, out var sessionLogger) ? sessionLogger : DefaultLogger;
            var level = ToLogLevel(severity);
            if (!logger.IsEnabled(level)) return;
            logger.Log(level, EventId, "[{OrtLogId}] {OrtMessage} ({OrtCategory} {OrtCodeLocation})", logId, message, category, codeLocation);
        }
        catch (Exception)
        {
            // Logging is best effort; losing a line is better than crashing the process.
        }
    }

    internal static LogLevel ToLogLevel(OrtLoggingLevel severity) => severity switch
    {
        OrtLoggingLevel.ORT_LOGGING_LEVEL_VERBOSE => LogLevel.Trace,
        OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO => LogLevel.Information,
        OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING => LogLevel.Warning,
        OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR => LogLevel.Error,
        _ => LogLevel.Critical,
    };

    internal static OrtLoggingLevel ToOrtLevel(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => OrtLoggingLevel.ORT_LOGGING_LEVEL_VERBOSE,
        LogLevel.Information => OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO,
        LogLevel.Warning => OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
        LogLevel.Error => OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        _ => OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
    };
}
