namespace Twin.Storage;

/// <summary>
/// The database could not be reached or stopped answering (server down, connection lost, pool
/// exhausted, timeout). The call's outcome is unknown to the caller and was not acknowledged:
/// retry it (appends are idempotent per cell and cycle). The HTTP API answers 503.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
