using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Twin.Storage;

namespace Twin.Api.Infrastructure;

/// <summary>
/// The database went away under a request (PostgreSQL down, connection lost, pool exhausted):
/// 503 ProblemDetails with Retry-After, never a 2xx. Nothing of the request was acknowledged;
/// appends are idempotent per (cell, cycle), so the client resends the same request.
/// </summary>
internal sealed class StoreUnavailableExceptionHandler(IProblemDetailsService problems, ILogger<StoreUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var cause = FindCause(exception);
        if (cause is null)
            return false;
        logger.LogWarning(cause, "Store unavailable for {Method} {Path}", context.Request.Method, context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is unavailable.",
                Detail = "The request was not stored or answered because the database could not be reached. Nothing was acknowledged; send the same request again (cycles are stored once per cell and cycle).",
            },
        });
    }

    /// <summary>The store's own exception, or an Npgsql one that escaped it, anywhere in the chain (grains wrap).</summary>
    private static Exception? FindCause(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is StoreUnavailableException or NpgsqlException and not PostgresException)
                return e;
            if (e is AggregateException { InnerExceptions.Count: 1 } aggregate)
                return FindCause(aggregate.InnerExceptions[0]);
        }
        return null;
    }
}
