using System.Diagnostics.Metrics;

namespace Twin.Actors.Cells;

/// <summary>The ingestion meter ("Twin.Ingestion"): cycles stored and repeats skipped, whatever path they came by.</summary>
public static class IngestionMetrics
{
    public const string MeterName = "Twin.Ingestion";
    static readonly Meter Meter = new(MeterName);
    static readonly Counter<long> Stored = Meter.CreateCounter<long>("twin.cycles.stored", "{cycle}", "Cycles committed to the store.");
    static readonly Counter<long> Repeated = Meter.CreateCounter<long>("twin.cycles.duplicates", "{cycle}", "Cycles sent again with the values already stored (skipped).");

    internal static void Record(int stored, int duplicates)
    {
        if (stored > 0) Stored.Add(stored);
        if (duplicates > 0) Repeated.Add(duplicates);
    }
}
