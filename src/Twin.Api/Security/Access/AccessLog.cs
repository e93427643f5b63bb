namespace Twin.Api.Security.Access;

/// <summary>Access-control log events with stable ids (2000–2099), so alerts can match on them.</summary>
internal static partial class AccessLog
{
    [LoggerMessage(2000, LogLevel.Warning, "No API keys: Twin is open to every program on this machine and listens on loopback only. Create a key (twin keys create) before exposing it.")]
    public static partial void OpenOnLoopback(ILogger logger);

    [LoggerMessage(2001, LogLevel.Information, "API keys: {Count} active; every /api request needs the X-Api-Key header.")]
    public static partial void KeysActive(ILogger logger, int count);

    [LoggerMessage(2002, LogLevel.Warning, "Refused {Method} {Path}: unknown, malformed or revoked API key.")]
    public static partial void KeyRefused(ILogger logger, string method, string path);

    [LoggerMessage(2003, LogLevel.Warning, "Refused {Method} {Path} for key {KeyId}: role {Role}, needs {Required}.")]
    public static partial void RoleTooLow(ILogger logger, string keyId, string role, string required, string method, string path);

    [LoggerMessage(2004, LogLevel.Information, "API key {KeyId} ({Name}, {Role}) {Action} through the API.")]
    public static partial void KeyChanged(ILogger logger, string keyId, string name, string role, string action);
}
