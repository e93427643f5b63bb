namespace Twin.Import;

/// <summary>A row or value that cannot be read. <see cref="Line"/> is 1-based (XLSX: the sheet row).</summary>
public sealed class CyclerDataException : CyclerImportException
{
    public CyclerDataException(long line, string? column, string problem, Exception? inner = null)
        : base(column is null ? $"Line {line}: {problem}" : $"Line {line}, column '{column}': {problem}", inner)
    {
        Line = line;
        Column = column;
        Problem = problem;
    }

    public long Line { get; }

    public string? Column { get; }

    public string Problem { get; }
}
