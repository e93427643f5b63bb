using Twin.Import.Internal;

namespace Twin.Import;

/// <summary>One quantity the importer reads and the file's column it takes it from.</summary>
public sealed record ColumnMapping(string Quantity, string Column);

/// <summary>
/// Which header columns the importer maps to which quantity (cycle, current, discharge capacity...),
/// for `twin inspect`. Found with the same header rules the readers use, on the head of the file.
/// </summary>
public static class CyclerColumns
{
    /// <summary>
    /// The mapped columns of a delimited-text file, in the order of the quantities; empty for XLSX
    /// and layered Neware exports (their columns are fixed by the layout) or when no header is in the head.
    /// </summary>
    public static IReadOnlyList<ColumnMapping> Describe(string path, CyclerFormat format)
    {
        if (format is CyclerFormat.ArbinXlsx or CyclerFormat.NewareLayeredCsv) return [];
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var head = new byte[FormatSniffer.HeadBytes];
        var n = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var reader = new LineReader(new MemoryStream(head, 0, n));
        while (reader.LineNumber < HeaderLocator.MaxPreambleLines && reader.TryReadLine(out var line))
        {
            if (!HeaderLocator.LooksLikeHeader(line, out var map, out _)) continue;
            return Enum.GetValues<ColumnRole>().Where(map.Has).Select(r => new ColumnMapping(Quantity(r), map.Name(r))).ToArray();
        }
        return [];
    }

    static string Quantity(ColumnRole role) => role switch
    {
        ColumnRole.TestTime => "test_time",
        ColumnRole.DateTime => "date_time",
        ColumnRole.ChargeCapacity => "charge_capacity",
        ColumnRole.DischargeCapacity => "discharge_capacity",
        ColumnRole.ChargeEnergy => "charge_energy",
        ColumnRole.DischargeEnergy => "discharge_energy",
        ColumnRole.StartTime => "start_time",
        ColumnRole.EndTime => "end_time",
        _ => role.ToString().ToLowerInvariant(),
    };
}
