using System.ComponentModel.DataAnnotations;

namespace Twin.Api.Security;

/// <summary>Request limits, bound from "Twin:Limits".</summary>
public sealed class RequestLimitOptions
{
    public const string Section = "Twin:Limits";

    /// <summary>Longest string value in a JSON body (electrode, coating, tag values...), in characters.</summary>
    [Range(16, 1_000_000)]
    public int MaxTextLength { get; set; } = 1024;

    /// <summary>Longest JSON property name (tag names included), in characters.</summary>
    [Range(16, 100_000)]
    public int MaxKeyLength { get; set; } = 128;

    /// <summary>Largest body of a request that is not cycle data or a cycler file (those take Twin:MaxRequestBytes).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxJsonBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Requests each API key (or client address, without a key) may make per <see cref="RatePeriod"/>; 0 turns rate limiting off.</summary>
    [Range(0, int.MaxValue)]
    public int RatePermits { get; set; } = 2000;

    /// <summary>How often a client's <see cref="RatePermits"/> are refilled (a token bucket: bursts up to the full amount).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan RatePeriod { get; set; } = TimeSpan.FromSeconds(1);
}
