namespace Twin.Actors.Hosting;

/// <summary>Why an activation is being deactivated (Orleans' names).</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode ReasonCode, string Description)
{
    public static DeactivationReason Idle(TimeSpan age) => new(DeactivationReasonCode.ActivationIdle, $"Idle for at least {age}.");
    public static readonly DeactivationReason Limit = new(DeactivationReasonCode.ActivationLimit, "Too many activations; least recently used first.");
    public static readonly DeactivationReason ShuttingDown = new(DeactivationReasonCode.ShuttingDown, "The host is shutting down.");
    public static readonly DeactivationReason Requested = new(DeactivationReasonCode.ApplicationRequested, "Deactivation was requested.");
}

public enum DeactivationReasonCode
{
    None,
    ActivationIdle,
    ActivationLimit,
    ShuttingDown,
    ApplicationRequested,
}
