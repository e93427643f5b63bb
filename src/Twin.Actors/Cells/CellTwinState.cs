using Orleans;
using Twin.Core.Twins;
using Twin.Storage;

namespace Twin.Actors.Cells;

/// <summary>
/// What a cell twin persists (through IPersistentState, with an ETag; stored as JSON): the last
/// fit and what it was fitted on. The cycles themselves live in the cycle store; this is derived
/// and cheap to rebuild, but kept so a listing or a restart does not refit every cell.
/// </summary>
[GenerateSerializer]
public sealed class CellTwinState
{
    [Id(0)] public int CyclesObserved { get; set; }
    [Id(1)] public int LastCycle { get; set; }
    [Id(2)] public double? ReferenceCapacityAh { get; set; }
    [Id(3)] public double? SohNow { get; set; }
    [Id(4)] public double? Eol80 { get; set; }
    [Id(5)] public double? Exponent { get; set; }
    /// <summary>Cycle-to-cycle SOH noise seen in the history (fraction).</summary>
    [Id(6)] public double? NoiseSd { get; set; }
    [Id(7)] public double? EolP50 { get; set; }
    [Id(8)] public double? EolLo90 { get; set; }
    [Id(9)] public double? EolHi90 { get; set; }
    [Id(10)] public double? DataWeight { get; set; }
    [Id(11)] public bool EndOfLifeReached { get; set; }
    [Id(12)] public List<TwinAnomaly> Anomalies { get; set; } = [];
    [Id(13)] public string? ModelVersion { get; set; }
    [Id(14)] public DateTimeOffset? FittedAt { get; set; }
    [Id(15)] public DateTimeOffset? LastDataAt { get; set; }
    /// <summary>True when cycles or the design changed after the last fit.</summary>
    [Id(16)] public bool Stale { get; set; } = true;
    /// <summary>
    /// How many cycles the store held for this cell at the last fit. A different count on read
    /// means cycles were stored without the grain being told (e.g. by <c>twin import</c>).
    /// </summary>
    [Id(17)] public long CyclesStored { get; set; }
}

/// <summary>Reading twins' stored states without activating them (fleet studies over many cells).</summary>
public static class StoredCellTwins
{
    /// <summary>The grain-state type a cell twin's state is stored under ("{grain type}/{state name}", <see cref="Storage.TwinGrainStorage"/>).</summary>
    public const string GrainType = "cell/twin";

    /// <summary>The stored JSON property of <see cref="CellTwinState.EndOfLifeReached"/> (web naming), for queries over many states.</summary>
    public const string EndOfLifeReachedProperty = "endOfLifeReached";

    /// <summary>How many cells' twins have seen their cell reach end of life, counted by the store in one query.</summary>
    public static Task<long> CountFinishedAsync(IGrainStateStore states, CancellationToken ct) =>
        states.CountFlaggedAsync(GrainType, EndOfLifeReachedProperty, ct);

    static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    public static CellTwinState? Parse(string json) => System.Text.Json.JsonSerializer.Deserialize<CellTwinState>(json, Json);
}
