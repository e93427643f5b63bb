namespace Twin.Cli.Server;

/// <summary>
/// A request the server refused or could not answer, ready to print: <see cref="Exception.Message"/>
/// is the summary line, <see cref="Details"/> the server's field- or row-level specifics, and
/// <see cref="ExitCode"/> 2 when the request was at fault (4xx) and 1 otherwise.
/// </summary>
internal sealed class ServerException(int exitCode, string message, IReadOnlyList<string>? details = null, int? status = null) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
    public IReadOnlyList<string> Details { get; } = details ?? [];
    public int? Status { get; } = status;
}
