using System.Net;
using System.Text;
using Twin.Cli.Server;
using Twin.Tests.Shared;

namespace Twin.Cli.Tests;

/// <summary>
/// The API key reaches the server as X-Api-Key (from --api-key or TWIN_API_KEY), and a refusal
/// without a ProblemDetails body still gives a message and the 4xx exit code. The server here is
/// a loopback listener that records the request: the key check itself belongs to the real server.
/// </summary>
public sealed class ServerClientTests : IDisposable
{
    readonly HttpListener _listener = new();
    readonly string _url = $"http://127.0.0.1:{LoopbackPorts.Free()}/";

    public ServerClientTests()
    {
        _listener.Prefixes.Add(_url);
        _listener.Start();
    }

    public void Dispose() => _listener.Close();

    /// <summary>Answers one request with <paramref name="status"/> and <paramref name="body"/>; returns the X-Api-Key it carried.</summary>
    async Task<string?> AnswerOnce(int status, string body, string contentType = "application/problem+json")
    {
        var context = await _listener.GetContextAsync();
        var key = context.Request.Headers["X-Api-Key"];
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(body);
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
        return key;
    }

    [Fact]
    public async Task TheKeyFromTheOptionIsSentAndAForbiddenAnswerIsExitCode2WithAHint()
    {
        var answered = AnswerOnce(403, """{"title":"Forbidden.","detail":"This key may only read."}""");
        var (code, _, stderr) = await Task.Run(() => TwinProcess.Run("cells", "register", "c1", "--electrode", "LCO", "--coating", "none",
            "--electrolyte", "LiPF6", "--server", _url, "--api-key", "writer-key-123"));
        Assert.Equal("writer-key-123", await answered);
        Assert.Equal(2, code);
        Assert.Contains("error: the server answered 403 Forbidden.: This key may only read. (pass --api-key KEY or set TWIN_API_KEY)", stderr);
    }

    [Fact]
    public async Task TheKeyComesFromTwinApiKeyWhenNoOptionIsGivenAndA5xxIsExitCode1()
    {
        var answered = AnswerOnce(503, """{"title":"Overloaded.","detail":"Try again in a minute."}""");
        var (code, _, stderr) = await Task.Run(() => TwinProcess.RunWith(new Dictionary<string, string> { [ServerOptions.ApiKeyVariable] = "env-key" },
            "cells", "list", "--server", _url));
        Assert.Equal("env-key", await answered);
        Assert.Equal(1, code);
        Assert.Contains("error: the server answered 503 Overloaded.: Try again in a minute.", stderr);
    }

    [Fact]
    public async Task AnAnswerThatIsNotJsonSaysSo()
    {
        var answered = AnswerOnce(401, "nope", "text/plain");
        var (code, _, stderr) = await Task.Run(() => TwinProcess.Run("cells", "show", "c1", "--server", _url));
        Assert.Null(await answered);
        Assert.Equal(2, code);
        Assert.Contains("answered 401 without JSON (pass --api-key KEY or set TWIN_API_KEY)", stderr);
    }
}
