using System.Text.RegularExpressions;

namespace Twin.Import.Internal;

/// <summary>Reads every delimited-text format: preamble, header, then rows streamed into the summariser.</summary>
internal static partial class TextFileReader
{
    public static IReadOnlyList<CycleSummary> Read(Stream stream, CyclerFormat format, bool explicitFormat, string? fileName,
        List<string> warnings, CancellationToken ct)
    {
        var reader = new LineReader(stream);
        var preamble = new List<string>();
        ColumnMap? map = null;
        char delimiter = ',';
        while (reader.TryReadLine(out var line))
        {
            if (HeaderLocator.LooksLikeHeader(line, out var m, out delimiter))
            {
                map = m;
                break;
            }

            if (reader.LineNumber >= HeaderLocator.MaxPreambleLines)
            {
                break;
            }

            preamble.Add(line.Length > 512 ? line[..512].ToString() : line.ToString());
        }

        if (map is null)
        {
            throw new UnsupportedCyclerFormatException(
                $"read as {format.Name()}, but no header with a cycle column and a current or capacity column was found in the first {Math.Min(reader.LineNumber, HeaderLocator.MaxPreambleLines)} lines",
                fileName);
        }

        if (explicitFormat && FormatSignature.Missing(format, map.Header) is { Count: > 0 } missing)
        {
            throw new CyclerFormatMismatchException(format, missing, reader.LineNumber, fileName);
        }

        warnings.AddRange(map.UnitWarnings);
        var options = new ReadOptions
        {
            UnitlessTimeScale = IsMaccorSimba(format, map) ? 60 : 1,
            TestStart = format == CyclerFormat.BasytecText ? BasytecStart(preamble) : null,
            FirstDischargePerCycle = format == CyclerFormat.NewareCsv,
        };

        var splitter = new FieldSplitter(delimiter);
        string description = fileName is null ? $"this {format.Name()} file" : $"'{fileName}' ({format.Name()})";
        return format == CyclerFormat.BatteryArchiveCycleSummary
            ? ReadSummaryRows(reader, splitter, map, options, warnings, description, ct)
            : ReadTimeSeries(reader, splitter, map, options, warnings, description, ct);
    }

    private static IReadOnlyList<CycleSummary> ReadTimeSeries(LineReader reader, FieldSplitter splitter, ColumnMap map,
        ReadOptions options, List<string> warnings, string description, CancellationToken ct)
    {
        TimeSeriesSummariser? summariser = null;
        CyclerDataException? pending = null;
        bool pendingLooksTruncated = false;
        int limit = map.Header.Count + 1;
        while (reader.TryReadLine(out var line))
        {
            if (line.IsWhiteSpace())
            {
                continue;
            }

            if (pending is not null)
            {
                throw pending;
            }

            if ((reader.LineNumber & 0xFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            if (summariser is null)
            {
                options.DecimalComma = splitter.Delimiter != ',' && DecimalCommaNumber().IsMatch(line);
                options.DayFirstDates = options.DecimalComma;
                if (options.DecimalComma)
                {
                    warnings.Add("Numbers use a decimal comma; dates are read day-first.");
                }

                summariser = new TimeSeriesSummariser(map, options, warnings);
                if (!summariser.CanSummarise)
                {
                    throw new CyclerDataException(reader.LineNumber - 1, null,
                        "the header has a cycle column but neither capacity columns nor current with time to integrate");
                }

                limit = Math.Max(summariser.RequiredFields, map.Header.Count) + 1;
            }

            var fields = splitter.Split(line, limit);
            var error = summariser.Add(reader.LineNumber, line, fields);
            if (error is not null)
            {
                pending = error;
                pendingLooksTruncated = !reader.LastLineTerminated || fields.Length < map.Header.Count;
            }
        }

        if (pending is not null)
        {
            if (!pendingLooksTruncated)
            {
                throw pending;
            }

            warnings.Add($"Dropped a truncated last row at line {pending.Line} ({pending.Problem}).");
        }

        if (reader.SawLatin1)
        {
            warnings.Add("Some lines are not valid UTF-8 and were read as Latin-1.");
        }

        if (summariser is null)
        {
            throw new EmptyCyclerFileException($"No cycles found in {description}: the header is not followed by any data row.");
        }

        return summariser.Finish(description);
    }

    private static IReadOnlyList<CycleSummary> ReadSummaryRows(LineReader reader, FieldSplitter splitter, ColumnMap map,
        ReadOptions options, List<string> warnings, string description, CancellationToken ct)
    {
        var rows = new SortedDictionary<int, CycleSummary>();
        int limit = map.Header.Count + 1;
        CyclerDataException? pending = null;
        bool truncated = false;
        while (reader.TryReadLine(out var line))
        {
            ct.ThrowIfCancellationRequested();
            if (line.IsWhiteSpace())
            {
                continue;
            }

            if (pending is not null)
            {
                throw pending;
            }

            var fields = splitter.Split(line, limit);
            try
            {
                var s = SummaryRow.Parse(reader.LineNumber, line, fields, map, options);
                if (s is not null)
                {
                    rows[s.Cycle] = s;
                }
            }
            catch (CyclerDataException e)
            {
                pending = e;
                truncated = !reader.LastLineTerminated || fields.Length < map.Header.Count;
            }
        }

        if (pending is not null)
        {
            if (!truncated)
            {
                throw pending;
            }

            warnings.Add($"Dropped a truncated last row at line {pending.Line} ({pending.Problem}).");
        }

        if (rows.Count == 0)
        {
            throw new EmptyCyclerFileException($"No cycles found in {description}: no summary row has a cycle index.");
        }

        int offset = rows.Keys.First() == 0 ? 1 : 0;
        if (offset == 1)
        {
            warnings.Add("Cycle indices start at 0; renumbered from 1 (cycle n in the file is n+1 here).");
        }

        return rows.Values.Select(r => r with { Cycle = r.Cycle + offset }).ToArray();
    }

    private static bool IsMaccorSimba(CyclerFormat format, ColumnMap map) =>
        format is CyclerFormat.MaccorText or CyclerFormat.MaccorCsv
        && map.Header.Count > 0 && map.Header[0].Trim() == "Rec"
        && map.TimeUnitMissing;

    private static DateTimeOffset? BasytecStart(List<string> preamble)
    {
        foreach (var l in preamble)
        {
            var t = l.TrimStart('~').Trim();
            if (t.StartsWith("Start of Test:", StringComparison.OrdinalIgnoreCase)
                && Values.TryParseDate(t.AsSpan("Start of Test:".Length), dayFirst: true, allowExcelSerial: false, out var d))
            {
                return d;
            }
        }

        return null;
    }

    [GeneratedRegex(@"(^|\t|;)\s*-?\d+,\d+\s*(\t|;|$)")]
    private static partial Regex DecimalCommaNumber();
}
