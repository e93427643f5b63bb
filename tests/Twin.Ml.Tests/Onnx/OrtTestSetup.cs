using System.Runtime.CompilerServices;
using Twin.Ml.Interop.OnnxRuntime;

namespace Twin.Ml.Tests.Onnx;

internal static class OrtTestSetup
{
    /// <summary>
    /// Test output may live outside the repository (<c>--artifacts-path /tmp/...</c>), where
    /// walking up from the base directory cannot find <c>.native/</c>. Point the override at the
    /// library of the repository these tests were compiled from, unless the caller chose one.
    /// </summary>
    [ModuleInitializer]
    internal static void UseTheRepositoryLibrary() => UseTheRepositoryLibrary(ThisFile());

    private static void UseTheRepositoryLibrary(string sourceFile)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(OrtLibrary.LibraryPathVariable)))
        {
            return;
        }

        var candidate = OrtLibrary.ResolveLibraryPath(null, Path.GetDirectoryName(sourceFile));
        if (Path.IsPathRooted(candidate))
        {
            Environment.SetEnvironmentVariable(OrtLibrary.LibraryPathVariable, candidate);
        }
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
