using System.CommandLine;

namespace Twin.Cli.Server;

/// <summary>`--server URL` and `--api-key KEY` (or TWIN_API_KEY), shared by every command that talks to a running server.</summary>
internal static class ServerOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    public const string ApiKeyVariable = "TWIN_API_KEY";

    public static Option<string> Url() => new("--server")
    {
        Description = $"The Twin server's address (default {DefaultUrl}).",
        DefaultValueFactory = _ => DefaultUrl,
    };

    public static Option<string?> ApiKey() => new("--api-key")
    {
        Description = $"API key sent as X-Api-Key (default: the {ApiKeyVariable} environment variable; not needed when the server has no keys).",
    };

    /// <summary>The client for the given option values; a malformed address is bad input (exit 2).</summary>
    public static TwinServerClient Client(string url, string? apiKey)
    {
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ServerException(2, $"--server '{url}' is not an http(s) address such as {DefaultUrl}.");
        return new TwinServerClient(uri, apiKey ?? Environment.GetEnvironmentVariable(ApiKeyVariable));
    }
}
