using Microsoft.Extensions.Logging;

namespace Twin.Ml.Inference;

/// <summary>How an <see cref="OnnxModel"/> runs. The defaults suit many small concurrent requests.</summary>
public sealed record OnnxModelOptions
{
    /// <summary>Threads inside one operator; 1 runs on the calling thread with no pool.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Threads across operators (only used by parallel execution, which Twin does not enable).</summary>
    public int InterOpThreads { get; init; } = 1;

    /// <summary>
    /// Let idle intra-op pool threads spin (<c>session.intra_op.allow_spinning</c>): lower latency
    /// with more than one intra-op thread, at the cost of busy CPUs between requests.
    /// </summary>
    public bool AllowSpinning { get; init; }

    /// <summary>Least severe ORT log line passed to the model's logger.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    public static OnnxModelOptions Default { get; } = new();

    internal void Validate()
    {
        if (IntraOpThreads < 1) throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "IntraOpThreads must be at least 1.");
        if (InterOpThreads < 1) throw new ArgumentOutOfRangeException(nameof(InterOpThreads), InterOpThreads, "InterOpThreads must be at least 1.");
    }
}
