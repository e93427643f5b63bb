using System.ComponentModel.DataAnnotations;

namespace Twin.Actors.Cells;

/// <summary>Cell twin settings, bound from "Twin:Grains".</summary>
public sealed class CellGrainOptions
{
    public const string Section = "Twin:Grains";

    /// <summary>An activation that received no call for this long is deactivated (its state flushed).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How often, at most, a twin asks the cycle store whether cycles arrived that it was not told
    /// about (stored by another process, e.g. <c>twin import</c>). Zero checks on every read.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StoreCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a silo keeps a fleet's fitted model before it re-reads the fleet's cells and refits
    /// (a fleet cell finishing on this silo refits at once; this picks up other silos' and new cells).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FleetRefitInterval { get; set; } = TimeSpan.FromMinutes(10);
}
