using Twin.Storage;

namespace Twin.Api.Infrastructure;

/// <summary>
/// Opens the store while the server starts, so a database that cannot be reached (or migrated)
/// stops the start with its message instead of failing the first request.
/// </summary>
internal sealed class StoreStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<ITwinStore>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
