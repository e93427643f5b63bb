using System.Runtime.CompilerServices;

namespace Twin.Tests.Shared;

/// <summary>
/// The repository's folders, found from this source file: test binaries may be built outside the
/// repo (--artifacts-path), where walking up from the binary finds nothing.
/// </summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string TrainingData => Path.Combine(Root, "training-data");
    public static string Models => Path.Combine(Root, "models");

    static string FindRoot([CallerFilePath] string file = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(file)!); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Twin.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Twin.sln not found above {file}");
    }
}
