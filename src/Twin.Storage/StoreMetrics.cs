using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Twin.Storage;

/// <summary>
/// The store's meter ("Twin.Store"), exported by the server's /metrics: how long the database
/// takes. On SQLite every write transaction is timed (writes queue on one connection, so this is
/// where waits show); on PostgreSQL every call, reads included.
/// </summary>
public static class StoreMetrics
{
    public const string MeterName = "Twin.Store";
    static readonly Meter Meter = new(MeterName);
    static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("twin.store.duration", "s",
        "Time of one store call: a SQLite write transaction (queueing included) or a PostgreSQL call.");

    internal static void Record(string store, long startTimestamp) =>
        Duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("store", store));
}
