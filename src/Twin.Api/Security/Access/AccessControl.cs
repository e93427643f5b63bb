using System.Net;
using Microsoft.AspNetCore.Mvc;
using Twin.Core.Access;

namespace Twin.Api.Security.Access;

/// <summary>
/// API keys on every /api request, once the store holds one: 401 for a missing, malformed,
/// unknown or revoked key, 403 when the key's role is below what <see cref="AccessPolicy"/>
/// asks. With no keys at all the server is open, but only to this machine: a request from any
/// other address is refused. The key travels in a header, never a cookie, so a page on another
/// site cannot make the browser act with it.
/// </summary>
internal sealed class AccessControl(RequestDelegate next, ApiKeyAuthenticator keys, IProblemDetailsService problems, ILogger<AccessControl> log)
{
    public const string Header = "X-Api-Key";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!AccessPolicy.IsGuarded(request.Path))
        {
            await next(context);
            return;
        }
        var presented = request.Headers[Header];
        if (await keys.ActiveKeysAsync(context.RequestAborted) == 0)
        {
            if (IsLocal(context.Connection.RemoteIpAddress))
            {
                await next(context);
                return;
            }
            await Refuse(context, StatusCodes.Status401Unauthorized, "This server has no API keys yet.",
                "Without API keys Twin answers only requests from its own machine. Create a key there with `twin keys create --role admin --name NAME` and send it in the X-Api-Key header.");
            return;
        }
        if (presented.Count == 0 || string.IsNullOrWhiteSpace(presented[0]))
        {
            await Refuse(context, StatusCodes.Status401Unauthorized, "An API key is required.",
                $"Send your key in the {Header} header (keys are created with `twin keys create`).");
            return;
        }
        if (presented.Count > 1)
        {
            await Refuse(context, StatusCodes.Status401Unauthorized, "More than one API key was sent.", $"Send exactly one {Header} header.");
            return;
        }
        var identity = await keys.AuthenticateAsync(presented[0]!, context.RequestAborted);
        if (identity is null)
        {
            AccessLog.KeyRefused(log, request.Method, request.Path);
            await Refuse(context, StatusCodes.Status401Unauthorized, "The API key is not valid.",
                $"The key in {Header} is unknown, mistyped or revoked. Ask an admin for a key (`twin keys list` shows which exist).");
            return;
        }
        var required = AccessPolicy.RequiredRole(request.Method, request.Path);
        if (identity.Role < required)
        {
            AccessLog.RoleTooLow(log, identity.KeyId, identity.Role.Name(), required.Name(), request.Method, request.Path);
            await Refuse(context, StatusCodes.Status403Forbidden, $"This needs the {required.Name()} role.",
                $"The key '{identity.Name}' ({identity.KeyId}) has the {identity.Role.Name()} role; {request.Method} {request.Path} needs {required.Name()} or above.");
            return;
        }
        context.Items[typeof(ApiKeyIdentity)] = identity;
        await next(context);
    }

    /// <summary>The key a request came in with, if any (for the rate limiter's partitions and logs).</summary>
    public static ApiKeyIdentity? IdentityOf(HttpContext context) =>
        context.Items.TryGetValue(typeof(ApiKeyIdentity), out var value) ? value as ApiKeyIdentity : null;

    /// <summary>Loopback, or no address at all (an in-process test host, a Unix socket).</summary>
    static bool IsLocal(IPAddress? address) => address is null || IPAddress.IsLoopback(address);

    async Task Refuse(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
            context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{Header}\"";
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["field"] = Header;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
