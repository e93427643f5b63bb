using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Twin.Api.Security;

/// <summary>
/// Per-endpoint body limits: the data endpoints (cycle batches and streams, cycler files) may send
/// up to Twin:MaxRequestBytes (Kestrel's limit); every other request — a cell's registration, a
/// forecast, a what-if — only <see cref="RequestLimitOptions.MaxJsonBytes"/>, so a client cannot
/// make the server parse 64 MiB of JSON where a few kilobytes belong. Over the limit: 413.
/// </summary>
internal sealed class RequestSizeLimit(RequestDelegate next, IOptions<RequestLimitOptions> options, IProblemDetailsService problems)
{
    static readonly HashSet<string> DataEndpoints = ["PostCellFile", "PostCellCycles", "PostCycleStream"];

    public async Task InvokeAsync(HttpContext context)
    {
        var name = context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
        if (name is not null && DataEndpoints.Contains(name))
        {
            await next(context);
            return;
        }
        var max = options.Value.MaxJsonBytes;
        if (context.Request.ContentLength > max)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "The request body is too large.",
                    Detail = string.Create(CultureInfo.InvariantCulture,
                        $"This endpoint takes at most {max:N0} bytes ({RequestLimitOptions.Section}:MaxJsonBytes); cycle data and cycler files go to /api/cells/{{id}}/cycles, /api/cycles or /api/cells/{{id}}/files, which take more."),
                },
            });
            return;
        }
        // A chunked body without Content-Length: Kestrel stops reading at the same limit.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature && (feature.MaxRequestBodySize is null || feature.MaxRequestBodySize > max))
            feature.MaxRequestBodySize = max;
        await next(context);
    }
}
