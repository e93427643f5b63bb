namespace Twin.Api.Models;

/// <summary>Promotion, hot swap and retraining policy, bound from "Twin:Models".</summary>
public sealed class ModelOptions
{
    public const string Section = "Twin:Models";

    /// <summary>How often each silo asks the registry which version serves (a promotion on another silo reaches this one within it).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Promote a retrained version as soon as its gates pass. Off: an admin promotes it.</summary>
    public bool AutoPromote { get; set; }

    /// <summary>Start a retraining job after this many cells have reached end of life since this trigger last started one (or the server's start); 0 = off.</summary>
    public int RetrainAfterFinishedCells { get; set; }

    /// <summary>Start a retraining job when the newest job is older than this; unset = off.</summary>
    public TimeSpan? RetrainEvery { get; set; }

    /// <summary>How often the schedule and the trigger are checked.</summary>
    public TimeSpan TriggerCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a running job reports its progress to the registry (its heartbeat, and where a cancel from another silo is read).</summary>
    public TimeSpan JobHeartbeat { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A queued or running job silent this long is shown as failed: the server running it was killed or lost.</summary>
    public TimeSpan JobStaleAfter { get; set; } = TimeSpan.FromSeconds(15);
}
