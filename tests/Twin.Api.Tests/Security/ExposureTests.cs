using System.Net;
using Twin.Storage;
using Twin.Storage.Sqlite;
using Twin.Tests.Shared;

namespace Twin.Api.Tests.Security;

/// <summary>Secure by default, with the real server process: no keys, no address beyond loopback.</summary>
public sealed class ExposureTests : IDisposable
{
    readonly string _data = Directory.CreateTempSubdirectory("twin-exposure-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task ANonLoopbackBindingWithoutKeysRefusesToStartAndStartsOnceAKeyExists()
    {
        var port = LoopbackPorts.Free();
        string[] everywhere = ["--urls", $"http://0.0.0.0:{port}", .. LoopbackPorts.SiloArguments()];

        var refused = await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(() => ServerProcess.StartAsync(_data, port, everywhere, CancellationToken.None));
        Assert.Matches("exited with [1-9]", refused.Message);
        Assert.Contains("has no API keys", refused.Message);
        Assert.Contains("twin keys create", refused.Message);

        string key;
        await using (var store = await SqliteStore.OpenAsync(Path.Combine(_data, "twin.db")))
            key = (await store.CreateApiKeyAsync("ops", "admin", TimeProvider.System)).Key;

        using var server = await ServerProcess.StartAsync(_data, port, everywhere, CancellationToken.None);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync("/api/cells")).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cells");
        request.Headers.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(request)).StatusCode);
        Assert.Contains("API keys: 1 active", server.Output);
    }
}
