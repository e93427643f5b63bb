using Microsoft.Extensions.Logging;

namespace Twin.Actors.Hosting.Internal;

/// <summary>Every log message of the grain host, with stable event ids.</summary>
internal sealed partial class GrainHostLog(ILogger logger, string grainType)
{
    public void Activated(string key) => Activated(logger, grainType, key);
    public void ActivationFailed(Exception error, string key) => ActivationFailed(logger, error, grainType, key);
    public void Deactivated(string key, DeactivationReasonCode reason) => Deactivated(logger, grainType, key, reason);
    public void DeactivationFailed(Exception error, string key, DeactivationReasonCode reason) => DeactivationFailed(logger, error, grainType, key, reason);
    public void TurnFailed(Exception error, string key) => TurnFailed(logger, error, grainType, key);
    public void CollectionFailed(Exception error) => CollectionFailed(logger, error, grainType);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Activated {GrainType} {Key}")]
    private static partial void Activated(ILogger logger, string grainType, string key);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Activating {GrainType} {Key} failed")]
    private static partial void ActivationFailed(ILogger logger, Exception error, string grainType, string key);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Deactivated {GrainType} {Key} ({Reason})")]
    private static partial void Deactivated(ILogger logger, string grainType, string key, DeactivationReasonCode reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "OnDeactivateAsync of {GrainType} {Key} ({Reason}) failed; the activation was dropped anyway")]
    private static partial void DeactivationFailed(ILogger logger, Exception error, string grainType, string key, DeactivationReasonCode reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Critical, Message = "A turn of {GrainType} {Key} failed inside the host")]
    private static partial void TurnFailed(ILogger logger, Exception error, string grainType, string key);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "Collecting {GrainType} activations failed")]
    private static partial void CollectionFailed(ILogger logger, Exception error, string grainType);
}
