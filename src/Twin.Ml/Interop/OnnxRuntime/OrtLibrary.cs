using System.Runtime.InteropServices;

namespace Twin.Ml.Interop.OnnxRuntime;

/// <summary>
/// ONNX Runtime's native library, loaded once on first use. Probing order: the file named by
/// <c>TWIN_ONNXRUNTIME_LIBRARY</c>; then <c>.native/onnxruntime-1.30.0/libonnxruntime.so.1</c> in
/// <see cref="AppContext.BaseDirectory"/> or the working directory, or any folder above either (where scripts/setup.sh puts
/// it); then the loader's default search for <c>libonnxruntime.so.1</c>. When the library is
/// missing or of another version, <see cref="IsSupported"/> is false and every use throws an
/// <see cref="OnnxRuntimeNotSupportedException"/> naming the fix, rather than crashing.
/// </summary>
public static unsafe class OrtLibrary
{
    public const string LibraryPathVariable = "TWIN_ONNXRUNTIME_LIBRARY";
    public const string ExpectedVersionPrefix = "1.30.";
    public const string SetupCommand = "bash scripts/setup.sh";

    internal const string LibraryFileName = "libonnxruntime.so.1";
    internal static readonly string RepoRelativePath = Path.Combine(".native", "onnxruntime-1.30.0", LibraryFileName);

    /// <summary>
    /// The OrtApi version requested from <c>GetApi</c>. Every entry Twin uses exists since API 13
    /// or earlier; 23 is ORT 1.23's, well inside the 1..30 that 1.30.0 accepts.
    /// </summary>
    internal const uint ApiVersion = 23;

    private static readonly Lazy<LoadResult> s_library = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static bool IsSupported => s_library.Value.Api is not null;

    /// <summary>Why ONNX Runtime cannot be used, or null when it can.</summary>
    public static string? NotSupportedReason => s_library.Value.Error;

    /// <summary>The version string the loaded library reports, e.g. "1.30.0".</summary>
    public static string Version => Loaded.Version!;

    /// <summary>Where the library was loaded from (a path, or the bare name the loader searched for).</summary>
    public static string LoadedFrom => Loaded.Source!;

    internal static OrtApi Api => Loaded.Api!;

    private static LoadResult Loaded
    {
        get
        {
            var result = s_library.Value;
            return result.Api is not null ? result : throw new OnnxRuntimeNotSupportedException(result.Error!);
        }
    }

    /// <summary>
    /// Picks the file to load. Returns a full path, or the bare <see cref="LibraryFileName"/> for
    /// the loader's default search. Throws when <paramref name="overridePath"/> is set but names
    /// no file, so a mistyped override is reported instead of silently using another library.
    /// </summary>
    internal static string ResolveLibraryPath(string? overridePath, params string?[] searchStarts)
    {
        if (!string.IsNullOrEmpty(overridePath))
        {
            return File.Exists(overridePath)
                ? Path.GetFullPath(overridePath)
                : throw new OnnxRuntimeNotSupportedException(
                    $"{LibraryPathVariable} is set to '{overridePath}', but no such file exists. " +
                    $"Point it at libonnxruntime.so.1 or unset it and run `{SetupCommand}` to install ONNX Runtime 1.30.0 under .native/.");
        }

        foreach (var start in searchStarts)
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RepoRelativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return LibraryFileName;
    }

    private static LoadResult Load()
    {
        string source;
        try
        {
            // The application's folder first (a build inside the repo), then the working directory
            // (a build output elsewhere, run from the repo).
            source = ResolveLibraryPath(Environment.GetEnvironmentVariable(LibraryPathVariable), AppContext.BaseDirectory, Directory.GetCurrentDirectory());
        }
        catch (OnnxRuntimeNotSupportedException e)
        {
            return LoadResult.Failed(e.Message);
        }

        if (!NativeLibrary.TryLoad(source, out var handle))
        {
            return LoadResult.Failed(
                $"ONNX Runtime 1.30.0 ({LibraryFileName}) could not be loaded from '{source}'. " +
                $"Run `{SetupCommand}` to install it under .native/, or set {LibraryPathVariable} to its path.");
        }

        if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out var getApiBase))
        {
            return LoadResult.Failed($"'{source}' has no OrtGetApiBase export: it is not ONNX Runtime. Run `{SetupCommand}`.");
        }

        // struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t); const char* (*GetVersionString)(void); }
        var apiBase = ((delegate* unmanaged[Cdecl]<void**>)getApiBase)();
        var getApi = (delegate* unmanaged[Cdecl]<uint, void**>)apiBase[0];
        var getVersionString = (delegate* unmanaged[Cdecl]<byte*>)apiBase[1];

        var version = Utf8.ToString(getVersionString()) ?? "";
        if (!version.StartsWith(ExpectedVersionPrefix, StringComparison.Ordinal))
        {
            return LoadResult.Failed(
                $"'{source}' is ONNX Runtime {version}, but Twin's bindings are written for {ExpectedVersionPrefix}x. " +
                $"Run `{SetupCommand}` to install ONNX Runtime 1.30.0 under .native/, or set {LibraryPathVariable}.");
        }

        var table = getApi(ApiVersion);
        if (table is null)
        {
            return LoadResult.Failed($"ONNX Runtime {version} at '{source}' refused API version {ApiVersion}. Run `{SetupCommand}`.");
        }

        return new LoadResult(new OrtApi(table), version, source, null);
    }

    private sealed record LoadResult(OrtApi? Api, string? Version, string? Source, string? Error)
    {
        public static LoadResult Failed(string error) => new(null, null, null, error);
    }
}
