using System.Net;
using System.Net.Sockets;

namespace Twin.Api.Tests.Infrastructure;

/// <summary>
/// A loopback TCP relay in front of a real server: <see cref="Stop"/> cuts every connection and
/// refuses new ones (the database "goes away" for the client), <see cref="Start"/> brings it back
/// on the same port. Only the network is faked; the server behind it is real.
/// </summary>
internal sealed class TcpForwarder(IPEndPoint target) : IAsyncDisposable
{
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _running;

    public int Port { get; private set; }

    public void Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        // Connections cut by Stop linger in TIME_WAIT; the port must still be reusable.
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _running = new CancellationTokenSource();
        _ = AcceptAsync(listener, _running.Token);
    }

    public void Stop()
    {
        _running?.Cancel();
        _listener?.Stop();
        lock (_open)
        {
            foreach (var client in _open)
                client.Dispose();
            _open.Clear();
        }
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(ct);
                var server = new TcpClient();
                await server.ConnectAsync(target, ct);
                lock (_open)
                {
                    _open.Add(client);
                    _open.Add(server);
                }
                _ = PumpAsync(client, server, ct);
                _ = PumpAsync(server, client, ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken ct)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), ct);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // One side closed or the relay stopped.
        }
        from.Dispose();
        to.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
