using System.IO.Compression;
using System.Xml;

namespace Twin.Import.Internal;

/// <summary>
/// Reads an Arbin MITS Pro workbook: the Channel_&lt;ch&gt;_&lt;page&gt; sheets in page order, rows streamed with
/// <see cref="XmlReader"/>, cells placed by their reference (empty cells are omitted in the XML).
/// Only the shared-string table is held in memory. A non-seekable input is spooled to a temporary
/// file first because ZIP needs random access.
/// </summary>
internal static class XlsxReader
{
    private const int MaxColumns = 1024;

    public static IReadOnlyList<CycleSummary> Read(Stream stream, string? fileName, List<string> warnings, CancellationToken ct)
    {
        string tmp = Path.Combine(Path.GetTempPath(), $"twin-import-{Guid.NewGuid():N}.xlsx");
        using var spool = new FileStream(tmp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose);
        stream.CopyTo(spool);
        spool.Position = 0;
        try
        {
            using var zip = new ZipArchive(spool, ZipArchiveMode.Read, leaveOpen: true);
            return ReadWorkbook(zip, fileName, warnings, ct);
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException or FormatException
                                      or ArgumentException or NotSupportedException or OverflowException)
        {
            throw new CyclerDataException(1, null, $"not a readable XLSX workbook ({e.GetType().Name}: {e.Message})", e);
        }
    }

    private static IReadOnlyList<CycleSummary> ReadWorkbook(ZipArchive zip, string? fileName, List<string> warnings, CancellationToken ct)
    {
        var shared = ReadSharedStrings(zip);
        var sheets = ChannelSheets(zip);
        if (sheets.Count == 0)
        {
            throw new UnsupportedCyclerFormatException("an XLSX workbook without Channel_* data sheets", fileName);
        }

        string description = fileName is null ? "this arbin-xlsx workbook" : $"'{fileName}' (arbin-xlsx)";
        var options = new ReadOptions { ExcelSerialDates = true };
        ColumnMap? map = null;
        TimeSeriesSummariser? summariser = null;
        var row = new RowBuilder();
        foreach (var (name, path) in sheets)
        {
            var entry = zip.GetEntry(path) ?? throw new CyclerDataException(1, null, $"sheet '{name}' is listed but missing ({path})");
            using var s = entry.Open();
            using var xml = XmlReader.Create(s, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
            bool firstRowOfSheet = true;
            while (ReadRow(xml, shared, row, out long rowNumber))
            {
                if ((rowNumber & 0xFFF) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }

                if (firstRowOfSheet)
                {
                    firstRowOfSheet = false;
                    if (map is null)
                    {
                        var headerFields = row.Fields(row.Count);
                        map = ColumnMap.Build(row.Line, headerFields);
                        if (!map.Has(ColumnRole.Cycle))
                        {
                            throw new UnsupportedCyclerFormatException($"sheet '{name}' row {rowNumber} has no cycle column: '{row.Line.ToString()}'", fileName);
                        }

                        warnings.AddRange(map.UnitWarnings);
                        summariser = new TimeSeriesSummariser(map, options, warnings);
                        if (!summariser.CanSummarise)
                        {
                            throw new CyclerDataException(rowNumber, null, "the header has neither capacity columns nor current with time");
                        }
                    }

                    continue; // each page repeats the header
                }

                var fields = row.Fields(map!.Header.Count);
                var error = summariser!.Add(rowNumber, row.Line, fields);
                if (error is not null)
                {
                    throw new CyclerDataException(error.Line, error.Column, $"sheet '{name}': {error.Problem}");
                }
            }
        }

        if (summariser is null)
        {
            throw new EmptyCyclerFileException($"No cycles found in {description}: the data sheets are empty.");
        }

        return summariser.Finish(description);
    }

    private static List<string> ReadSharedStrings(ZipArchive zip)
    {
        var list = new List<string>();
        var entry = zip.GetEntry("xl/sharedStrings.xml");
        if (entry is null)
        {
            return list;
        }

        using var s = entry.Open();
        using var xml = XmlReader.Create(s, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        var sb = new System.Text.StringBuilder();
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si")
            {
                sb.Clear();
                if (xml.IsEmptyElement)
                {
                    list.Add("");
                    continue;
                }

                int depth = xml.Depth;
                while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
                {
                    if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "t" && !xml.IsEmptyElement)
                    {
                        sb.Append(xml.ReadElementContentAsString());
                        if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth)
                        {
                            break;
                        }
                    }
                }

                list.Add(sb.ToString());
            }
        }

        return list;
    }

    /// <summary>Channel_* sheets ordered by their page suffix, as (name, zip path).</summary>
    private static List<(string Name, string Path)> ChannelSheets(ZipArchive zip)
    {
        var rels = new Dictionary<string, string>(StringComparer.Ordinal);
        var relEntry = zip.GetEntry("xl/_rels/workbook.xml.rels");
        if (relEntry is not null)
        {
            using var s = relEntry.Open();
            using var xml = XmlReader.Create(s, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Relationship"
                    && xml.GetAttribute("Id") is { } id && xml.GetAttribute("Target") is { } target)
                {
                    target = target.TrimStart('/');
                    rels[id] = target.StartsWith("xl/", StringComparison.Ordinal) ? target : "xl/" + target;
                }
            }
        }

        var sheets = new List<(string Name, string Path, int Page)>();
        var wb = zip.GetEntry("xl/workbook.xml");
        if (wb is not null)
        {
            using var s = wb.Open();
            using var xml = XmlReader.Create(s, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "sheet")
                {
                    continue;
                }

                string? name = xml.GetAttribute("name");
                string? rid = xml.GetAttribute("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
                if (name is null || rid is null || !rels.TryGetValue(rid, out var path)
                    || !name.StartsWith("Channel", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                int us = name.LastIndexOf('_');
                int page = us > 0 && int.TryParse(name.AsSpan(us + 1), out int pg) ? pg : 0;
                sheets.Add((name, path, page));
            }
        }

        return sheets.OrderBy(x => x.Page).Select(x => (x.Name, x.Path)).ToList();
    }

    /// <summary>Advances to the next &lt;row&gt; and fills <paramref name="row"/> with its cells' text.</summary>
    private static bool ReadRow(XmlReader xml, List<string> shared, RowBuilder row, out long rowNumber)
    {
        rowNumber = 0;
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "row")
            {
                continue;
            }

            row.Clear();
            rowNumber = long.TryParse(xml.GetAttribute("r"), out long r) ? r : rowNumber + 1;
            if (xml.IsEmptyElement)
            {
                return true;
            }

            int depth = xml.Depth;
            int nextCol = 0;
            while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "c")
                {
                    continue;
                }

                int col = ColumnIndex(xml.GetAttribute("r")) ?? nextCol;
                nextCol = col + 1;
                string? type = xml.GetAttribute("t");
                string? value = null;
                if (!xml.IsEmptyElement)
                {
                    int cd = xml.Depth;
                    while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == cd))
                    {
                        if (xml.NodeType == XmlNodeType.Element && (xml.LocalName == "v" || xml.LocalName == "t") && !xml.IsEmptyElement)
                        {
                            value = xml.ReadElementContentAsString();
                            if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == cd)
                            {
                                break;
                            }
                        }
                    }
                }

                if (value is not null && type == "s")
                {
                    value = int.TryParse(value, out int si) && si >= 0 && si < shared.Count ? shared[si] : "";
                }

                if (col < MaxColumns && value is not null)
                {
                    row.Set(col, value);
                }
            }

            return true;
        }

        return false;
    }

    private static int? ColumnIndex(string? cellRef)
    {
        if (string.IsNullOrEmpty(cellRef))
        {
            return null;
        }

        int col = 0;
        int i = 0;
        for (; i < cellRef.Length && char.IsAsciiLetter(cellRef[i]) && i < 4; i++)
        {
            col = col * 26 + (char.ToUpperInvariant(cellRef[i]) - 'A' + 1);
        }

        return i == 0 ? null : col - 1;
    }

    /// <summary>Builds one row as a '\u001F'-joined line plus field ranges, reused across rows.</summary>
    private sealed class RowBuilder
    {
        private readonly List<string?> _cells = [];
        private char[] _buf = new char[1024];
        private Range[] _ranges = new Range[64];
        private int _len;

        public int Count => _cells.Count;

        public ReadOnlySpan<char> Line => _buf.AsSpan(0, _len);

        public void Clear()
        {
            _cells.Clear();
            _len = 0;
        }

        public void Set(int col, string value)
        {
            while (_cells.Count <= col)
            {
                _cells.Add(null);
            }

            _cells[col] = value;
        }

        /// <summary>Lays the cells out (padding to <paramref name="count"/> with empty fields).</summary>
        public ReadOnlySpan<Range> Fields(int count)
        {
            count = Math.Max(count, _cells.Count);
            if (_ranges.Length < count)
            {
                _ranges = new Range[count * 2];
            }

            _len = 0;
            for (int i = 0; i < count; i++)
            {
                string v = i < _cells.Count ? _cells[i] ?? "" : "";
                if (_buf.Length < _len + v.Length + 1)
                {
                    Array.Resize(ref _buf, Math.Max(_buf.Length * 2, _len + v.Length + 1));
                }

                int start = _len;
                v.CopyTo(_buf.AsSpan(_len));
                _len += v.Length;
                _ranges[i] = new Range(start, _len);
                _buf[_len++] = '\u001F';
            }

            return _ranges.AsSpan(0, count);
        }
    }
}
