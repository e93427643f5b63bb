using System.Text;

namespace Twin.Import.Tests;

internal static class Fixture
{
    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);

    public static ImportResult Read(string relative, CyclerFormat? format = null) =>
        CyclerFileImporter.ReadCycles(Path(relative), format);

    public static ImportResult ReadText(string text, CyclerFormat? format = null, string? name = "inline.csv") =>
        ReadBytes(Encoding.UTF8.GetBytes(text), format, name);

    public static ImportResult ReadBytes(byte[] bytes, CyclerFormat? format = null, string? name = "inline.csv") =>
        CyclerFileImporter.ReadCycles(new MemoryStream(bytes), name, format);
}
