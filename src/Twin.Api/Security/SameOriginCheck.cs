using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Twin.Api.Security;

/// <summary>
/// Refuses a state-changing request (anything but GET, HEAD, OPTIONS, TRACE) that a browser sent
/// from another site: a page elsewhere can post a form or multipart upload without CORS, and the
/// browser would carry it out. The request's Origin must be this server's own or a configured
/// one; without an Origin, a browser's Sec-Fetch-Site must not say cross-site or same-site. Clients
/// that are not browsers (curl, the CLI, scripts) send neither header and pass.
/// </summary>
internal sealed class SameOriginCheck(RequestDelegate next, IOptions<SecurityOptions> options, IProblemDetailsService problems)
{
    readonly HashSet<string> _allowed = new(options.Value.CorsOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        {
            await next(context);
            return;
        }
        var self = $"{request.Scheme}://{request.Host}";
        var origin = request.Headers.Origin.ToString();
        string? refusal = null;
        if (origin.Length > 0)
        {
            if (!string.Equals(origin, self, StringComparison.OrdinalIgnoreCase) && !_allowed.Contains(origin))
                refusal = $"This {request.Method} came from a page at '{origin}', not from this server ({self}).";
        }
        else if (request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
        {
            refusal = $"This {request.Method} came from a page on another site (Sec-Fetch-Site: {request.Headers["Sec-Fetch-Site"]}).";
        }
        if (refusal is null)
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "Cross-site request refused.",
            Detail = refusal + $" Twin accepts changes from a browser only from its own pages; to allow another site, list its origin in {SecurityOptions.Section}:CorsOrigins.",
        };
        problem.Extensions["field"] = origin.Length > 0 ? "Origin" : "Sec-Fetch-Site";
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
