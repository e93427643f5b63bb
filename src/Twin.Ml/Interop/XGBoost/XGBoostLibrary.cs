using System.Runtime.InteropServices;

namespace Twin.Ml.Interop.XGBoost;

/// <summary>
/// The XGBoost 1.7 native library, loaded lazily once: <c>libxgboost.so.0</c> (Debian's libxgboost0,
/// installed by <c>bash scripts/setup.sh</c>) or the path in <c>TWIN_XGBOOST_LIBRARY</c>. A missing or
/// wrong library is reported through <see cref="IsSupported"/> and <see cref="NotSupportedReason"/>, and
/// any use then throws <see cref="NotSupportedException"/> — never a crash.
/// </summary>
internal static class XGBoostLibrary
{
    public const string PathVariable = "TWIN_XGBOOST_LIBRARY";
    public const string DefaultName = "libxgboost.so.0";

    private static readonly Lazy<LoadResult> Loaded = new(
        () => Load(Environment.GetEnvironmentVariable(PathVariable)),
        LazyThreadSafetyMode.ExecutionAndPublication);

    public static bool IsSupported => Loaded.Value.Api is not null;

    /// <summary>Why XGBoost cannot be used here, or null when it can.</summary>
    public static string? NotSupportedReason => Loaded.Value.Error;

    /// <summary>The loaded library's version, e.g. 1.7.4; throws when not supported.</summary>
    public static Version Version
    {
        get
        {
            _ = Api;
            return Loaded.Value.Version!;
        }
    }

    internal static XGBoostApi Api =>
        Loaded.Value.Api ?? throw new NotSupportedException(Loaded.Value.Error);

    internal sealed record LoadResult(XGBoostApi? Api, Version? Version, string? Error);

    /// <summary>
    /// Loads the library from <paramref name="path"/> (or <see cref="DefaultName"/> when null or empty) and
    /// resolves the function table. Internal for tests, which check the messages without touching the
    /// process-wide instance.
    /// </summary>
    internal static unsafe LoadResult Load(string? path)
    {
        var name = string.IsNullOrWhiteSpace(path) ? DefaultName : path;
        var origin = string.IsNullOrWhiteSpace(path) ? "" : $" (from {PathVariable})";
        if (!NativeLibrary.TryLoad(name, typeof(XGBoostLibrary).Assembly, null, out var handle))
        {
            return new(null, null,
                $"XGBoost could not be loaded: '{name}'{origin} was not found or is not a loadable library. " +
                $"Run `bash scripts/setup.sh` (installs Debian's libxgboost0, XGBoost 1.7.4) or set {PathVariable} " +
                "to the path of libxgboost.");
        }

        XGBoostApi api;
        try
        {
            api = new XGBoostApi(handle);
        }
        catch (EntryPointNotFoundException e)
        {
            return new(null, null,
                $"'{name}'{origin} is not a usable XGBoost 1.7 library: {e.Message} " +
                "Run `bash scripts/setup.sh` to install Debian's libxgboost0 (XGBoost 1.7.4).");
        }

        int major, minor, patch;
        api.XGBoostVersion(&major, &minor, &patch);
        var version = new Version(major, minor, patch);
        if (major != 1 || minor != 7)
        {
            // The JSON model layout and base_score handling that XgbJsonTreeReader relies on are 1.7's.
            return new(null, version,
                $"'{name}'{origin} is XGBoost {version}; Twin is pinned to XGBoost 1.7. " +
                "Run `bash scripts/setup.sh` to install Debian's libxgboost0 (XGBoost 1.7.4).");
        }

        return new(api, version, null);
    }
}
