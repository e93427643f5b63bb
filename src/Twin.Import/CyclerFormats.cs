using System.Diagnostics.CodeAnalysis;

namespace Twin.Import;

/// <summary>
/// Stable string names of <see cref="CyclerFormat"/> values ("arbin-csv", "maccor-text", ...), as used
/// by the CLI and HTTP format overrides.
/// </summary>
public static class CyclerFormats
{
    private static readonly (CyclerFormat Format, string Name, string Description)[] Table =
    [
        (CyclerFormat.ArbinCsv, "arbin-csv", "Arbin CSV (MITS Pro export or TRI/BEEP dump)"),
        (CyclerFormat.ArbinXlsx, "arbin-xlsx", "Arbin MITS Pro XLSX (Channel_* sheets)"),
        (CyclerFormat.MaccorText, "maccor-text", "Maccor MIMS tab-delimited text export"),
        (CyclerFormat.MaccorCsv, "maccor-csv", "Maccor CSV export"),
        (CyclerFormat.NewareCsv, "neware-csv", "Neware BTS record-layer CSV"),
        (CyclerFormat.NewareLayeredCsv, "neware-layered-csv", "Neware BTS layered CSV (cycle, step and record rows)"),
        (CyclerFormat.BiologicMpt, "biologic-mpt", "BioLogic EC-Lab/BT-Lab .mpt text"),
        (CyclerFormat.NovonixCsv, "novonix-csv", "Novonix HPC/UHPC CSV"),
        (CyclerFormat.BasytecText, "basytec-text", "BaSyTec tab-delimited text"),
        (CyclerFormat.PecCsv, "pec-csv", "PEC SBT CSV"),
        (CyclerFormat.BatteryArchiveTimeSeries, "batteryarchive-timeseries", "BatteryArchive time series CSV"),
        (CyclerFormat.BatteryArchiveCycleSummary, "batteryarchive-cycle-summary", "BatteryArchive per-cycle summary CSV"),
        (CyclerFormat.GenericCsv, "generic-csv", "generic CSV (see docs/cycler-formats.md)"),
    ];

    /// <summary>Every supported format, in a stable order.</summary>
    public static IReadOnlyList<CyclerFormat> All { get; } = Table.Select(t => t.Format).ToArray();

    /// <summary>The override name of a format, e.g. "arbin-csv".</summary>
    public static string Name(this CyclerFormat format) => Table[Index(format)].Name;

    /// <summary>A one-line human description of a format.</summary>
    public static string Description(this CyclerFormat format) => Table[Index(format)].Description;

    /// <summary>Parses an override name (case-insensitive; the enum member name is accepted too).</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out CyclerFormat? format)
    {
        format = null;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        string n = name.Trim();
        foreach (var row in Table)
        {
            if (string.Equals(row.Name, n, StringComparison.OrdinalIgnoreCase)
                || string.Equals(row.Format.ToString(), n, StringComparison.OrdinalIgnoreCase))
            {
                format = row.Format;
                return true;
            }
        }

        return false;
    }

    /// <summary>"arbin-csv, arbin-xlsx, ..." for error messages and help texts.</summary>
    public static string SupportedList => string.Join(", ", Table.Select(t => t.Name));

    private static int Index(CyclerFormat format)
    {
        for (int i = 0; i < Table.Length; i++)
        {
            if (Table[i].Format == format)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown cycler format.");
    }
}
