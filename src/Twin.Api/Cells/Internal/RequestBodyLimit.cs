using Microsoft.Extensions.Options;
using Twin.Api.Infrastructure;

namespace Twin.Api.Cells.Internal;

/// <summary>
/// Twin:MaxRequestBytes for the cell endpoints. Kestrel enforces it as well (a declared
/// Content-Length over it, or reading past it, is a 413); this filter gives the same answer up
/// front from the Content-Length, on any server, before a handler starts streaming.
/// </summary>
internal sealed class RequestBodyLimit(IOptions<TwinOptions> options) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var max = options.Value.MaxRequestBytes;
        return context.HttpContext.Request.ContentLength > max
            ? ValueTask.FromResult<object?>(CellProblems.TooLarge(max))
            : next(context);
    }
}
