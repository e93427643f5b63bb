namespace Twin.Import;

/// <summary>No supported format matched; the message lists the formats and what was seen.</summary>
public sealed class UnsupportedCyclerFormatException : CyclerImportException
{
    public UnsupportedCyclerFormatException(string seen, string? fileName)
        : base($"Unrecognised cycler export{(fileName is null ? "" : $" '{fileName}'")}: {seen}. "
               + $"Supported formats: {CyclerFormats.SupportedList}. "
               + "Pass an explicit format, or use the generic CSV layout described in docs/cycler-formats.md.")
    {
        Seen = seen;
    }

    /// <summary>What the detector saw (e.g. the first line or header).</summary>
    public string Seen { get; }
}
