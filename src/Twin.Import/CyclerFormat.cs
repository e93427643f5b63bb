namespace Twin.Import;

/// <summary>The cycler export layouts the importer understands.</summary>
public enum CyclerFormat
{
    ArbinCsv,
    ArbinXlsx,
    MaccorText,
    MaccorCsv,
    NewareCsv,
    NewareLayeredCsv,
    BiologicMpt,
    NovonixCsv,
    BasytecText,
    PecCsv,
    BatteryArchiveTimeSeries,
    BatteryArchiveCycleSummary,
    GenericCsv,
}
