using System.Text.Json;

namespace Twin.Actors.Hosting;

/// <summary>Settings of a <see cref="GrainHost{TGrain}"/>.</summary>
public sealed class GrainHostOptions
{
    /// <summary>Activations with no call for this long are deactivated by the collector (Orleans' default: 15 min).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the background collector looks for idle activations.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A soft limit: when exceeded, the least recently used idle activations are deactivated
    /// in the background until the count is back at the limit. Null: no limit.
    /// </summary>
    public int? MaxActivations { get; set; }

    /// <summary>The grain type part of stored state names; defaults to the grain class name. Keep it stable.</summary>
    public string? GrainType { get; set; }

    /// <summary>How persistent states are serialized.</summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);

    internal void Validate()
    {
        if (CollectionAge <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(CollectionAge), CollectionAge, "GrainHostOptions.CollectionAge must be positive.");
        if (CollectionQuantum <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(CollectionQuantum), CollectionQuantum, "GrainHostOptions.CollectionQuantum must be positive.");
        if (MaxActivations is < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxActivations), MaxActivations, "GrainHostOptions.MaxActivations must be at least 1 (or null for no limit).");
        if (GrainType is { } type && string.IsNullOrWhiteSpace(type))
            throw new ArgumentException("GrainHostOptions.GrainType must not be blank.", nameof(GrainType));
    }
}
