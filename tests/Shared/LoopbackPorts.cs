using System.Net;
using System.Net.Sockets;

namespace Twin.Tests.Shared;

/// <summary>Free loopback ports, so servers started by tests in parallel (HTTP and their Orleans silo) never share one.</summary>
internal static class LoopbackPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The settings that give a server's silo its own ports (its gateway is not needed: no outside Orleans clients).</summary>
    public static IEnumerable<string> SiloArguments() => [$"--Twin:Cluster:SiloPort={Free()}", "--Twin:Cluster:GatewayPort=0"];
}
