using Twin.Import.Internal;

namespace Twin.Import;

/// <summary>
/// Reads lab-cycler exports into per-cycle summaries. Rows are streamed: only one line (or one XLSX
/// row) and the per-cycle totals are held in memory. All failures on bad input are
/// <see cref="CyclerImportException"/>s; a file either yields all its cycles or none.
/// </summary>
public static class CyclerFileImporter
{
    /// <summary>
    /// Detects the format from the head of <paramref name="stream"/> (at most 64 KiB are read; a
    /// seekable stream is put back where it was).
    /// </summary>
    /// <exception cref="UnsupportedCyclerFormatException">No format matched.</exception>
    public static FormatDetection Detect(Stream stream, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long? position = stream.CanSeek ? stream.Position : null;
        var head = ReadHead(stream);
        if (position is { } p)
        {
            stream.Position = p;
        }

        return FormatSniffer.Detect(head, fileName);
    }

    /// <summary>
    /// Reads every cycle of a file. With <paramref name="format"/> the detector is skipped.
    /// </summary>
    /// <exception cref="UnsupportedCyclerFormatException">Unknown format, or no header for the given one.</exception>
    /// <exception cref="CyclerFormatMismatchException">The given format's columns are not in the header.</exception>
    /// <exception cref="CyclerDataException">A corrupt row (line and column in the message).</exception>
    /// <exception cref="EmptyCyclerFileException">The file holds no cycle.</exception>
    public static ImportResult ReadCycles(Stream stream, string? fileName = null, CyclerFormat? format = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var head = ReadHead(stream);
        var detection = format is { } f
            ? new FormatDetection(f, $"format given explicitly ({f.Name()})")
            : FormatSniffer.Detect(head, fileName);
        var warnings = new List<string>();
        using var whole = new PrefixedStream(head, stream);
        var cycles = detection.Format switch
        {
            CyclerFormat.ArbinXlsx => XlsxReader.Read(whole, fileName, warnings, ct),
            CyclerFormat.NewareLayeredCsv => NewareLayeredReader.Read(whole, fileName, warnings, ct),
            _ => TextFileReader.Read(whole, detection.Format, format is not null, fileName, warnings, ct),
        };
        return new ImportResult(detection.Format, detection.Reason, cycles, warnings);
    }

    /// <summary>Opens and reads a file; the file name takes part in the messages.</summary>
    public static ImportResult ReadCycles(string path, CyclerFormat? format = null, CancellationToken ct = default)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return ReadCycles(fs, Path.GetFileName(path), format, ct);
    }

    /// <summary>
    /// Reads on a worker thread so an ASP.NET request thread is not held by a long parse.
    /// </summary>
    public static Task<ImportResult> ReadCyclesAsync(Stream stream, string? fileName = null, CyclerFormat? format = null,
        CancellationToken ct = default) =>
        Task.Run(() => ReadCycles(stream, fileName, format, ct), ct);

    private static byte[] ReadHead(Stream stream)
    {
        var buf = new byte[FormatSniffer.HeadBytes];
        int n = 0;
        while (n < buf.Length)
        {
            int r = stream.Read(buf, n, buf.Length - n);
            if (r == 0)
            {
                break;
            }

            n += r;
        }

        return n == buf.Length ? buf : buf[..n];
    }
}
