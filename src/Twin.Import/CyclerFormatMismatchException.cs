namespace Twin.Import;

/// <summary>
/// A format was given explicitly but the file's header lacks the columns that format is read from
/// (reading it anyway would take the wrong columns and store wrong cycles).
/// </summary>
public sealed class CyclerFormatMismatchException : CyclerImportException
{
    public CyclerFormatMismatchException(CyclerFormat format, IReadOnlyList<string> missingColumns, long headerLine, string? fileName)
        : base($"{(fileName is null ? "The file" : $"'{fileName}'")} is not a {format.Name()} file: its header (line {headerLine}) lacks "
               + $"{string.Join(", ", missingColumns)}. Leave the format out to detect it, or give the file's own format ({CyclerFormats.SupportedList}).")
    {
        Format = format;
        MissingColumns = missingColumns;
        HeaderLine = headerLine;
    }

    public CyclerFormat Format { get; }

    /// <summary>Each missing column, quoted as the format names it; alternatives joined by "or".</summary>
    public IReadOnlyList<string> MissingColumns { get; }

    public long HeaderLine { get; }
}
