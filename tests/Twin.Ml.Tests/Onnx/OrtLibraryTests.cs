using Twin.Ml.Interop.OnnxRuntime;

namespace Twin.Ml.Tests.Onnx;

public sealed class OrtLibraryTests
{
    [Fact]
    public void TheLibraryFromSetupLoadsAndReportsVersion1_30()
    {
        Assert.True(OrtLibrary.IsSupported, OrtLibrary.NotSupportedReason);
        Assert.Null(OrtLibrary.NotSupportedReason);
        Assert.Equal("1.30.0", OrtLibrary.Version);
    }

    [Fact]
    public void AnOverridePointingAtAMissingFileIsReportedWithTheSetupCommand()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}", "libonnxruntime.so.1");

        var error = Assert.Throws<OnnxRuntimeNotSupportedException>(() => OrtLibrary.ResolveLibraryPath(missing, AppContext.BaseDirectory));

        Assert.Contains(missing, error.Message);
        Assert.Contains("TWIN_ONNXRUNTIME_LIBRARY", error.Message);
        Assert.Contains("bash scripts/setup.sh", error.Message);
    }

    [Fact]
    public void AnOverridePointingAtAFileWins()
    {
        var file = Path.GetTempFileName();
        try
        {
            Assert.Equal(file, OrtLibrary.ResolveLibraryPath(file, AppContext.BaseDirectory));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void WithoutOverrideTheNativeFolderIsFoundAboveTheBaseDirectory()
    {
        var root = Directory.CreateTempSubdirectory("twin-ort-");
        try
        {
            var library = Path.Combine(root.FullName, ".native", "onnxruntime-1.30.0", "libonnxruntime.so.1");
            Directory.CreateDirectory(Path.GetDirectoryName(library)!);
            File.WriteAllBytes(library, []);
            var deep = Directory.CreateDirectory(Path.Combine(root.FullName, "bin", "Debug", "net10.0"));

            Assert.Equal(library, OrtLibrary.ResolveLibraryPath(null, deep.FullName));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void WithNothingFoundTheLoaderSearchesForTheBareName()
    {
        var empty = Directory.CreateTempSubdirectory("twin-ort-empty-");
        try
        {
            Assert.Equal("libonnxruntime.so.1", OrtLibrary.ResolveLibraryPath("", empty.FullName));
        }
        finally
        {
            empty.Delete();
        }
    }
}
