using System.Net;

namespace Twin.Api.Security.Access;

/// <summary>
/// Secure by default: before the server listens, checks the addresses it was told to bind
/// (--urls, ASPNETCORE_URLS, Kestrel endpoints). Without API keys in the store it refuses to
/// bind anything but loopback; either way it says at start who may call it.
/// </summary>
internal sealed class LoopbackGuard(IConfiguration configuration, ApiKeyAuthenticator keys, ILogger<LoopbackGuard> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var exposed = ExposedAddresses(configuration).ToList();
        var active = await keys.ActiveKeysAsync(ct);
        if (active > 0)
        {
            AccessLog.KeysActive(log, active);
            return;
        }
        if (exposed.Count > 0)
            throw new InvalidOperationException(
                $"Twin would listen on {string.Join(", ", exposed)}, beyond this machine, but has no API keys, so anyone who can reach it could read and delete every cell. " +
                "Create a key first (`twin keys create --role admin --name NAME`, with the server's --data or --postgres), or bind 127.0.0.1 only.");
        AccessLog.OpenOnLoopback(log);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>The configured URLs whose host is not a loopback name or address.</summary>
    internal static IEnumerable<string> ExposedAddresses(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        foreach (var url in urls)
            if (!IsLoopbackUrl(url)) yield return url;
        // http_ports / https_ports bind every interface.
        foreach (var key in new[] { "http_ports", "https_ports" })
            if (!string.IsNullOrWhiteSpace(configuration[key])) yield return $"{key}={configuration[key]}";
    }

    internal static bool IsLoopbackUrl(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        if (start < 0) return false;
        var hostPort = url[(start + 3)..].Split('/', 2)[0];
        string host;
        if (hostPort.StartsWith('['))
            host = hostPort[1..Math.Max(1, hostPort.IndexOf(']'))];
        else
            host = hostPort.Split(':', 2)[0];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }
}
