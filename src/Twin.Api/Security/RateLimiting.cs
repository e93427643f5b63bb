using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Twin.Api.Security;

/// <summary>
/// ASP.NET Core's rate limiter, one token bucket per API key (per client address for requests
/// without one: the open loopback mode, static files). Health and metrics probes are never
/// limited. A refused request is 429 ProblemDetails with Retry-After.
/// </summary>
internal static class RateLimiting
{
    static readonly string[] Unlimited = ["/healthz", "/readyz", "/metrics"];

    public static void Configure(RateLimiterOptions limiter, RequestLimitOptions limits)
    {
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            limits.RatePermits == 0 || Unlimited.Any(p => context.Request.Path.StartsWithSegments(p))
                ? RateLimitPartition.GetNoLimiter("unlimited")
                : RateLimitPartition.GetTokenBucketLimiter(PartitionOf(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.RatePermits,
                    TokensPerPeriod = limits.RatePermits,
                    ReplenishmentPeriod = limits.RatePeriod,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        limiter.OnRejected = OnRejected;
    }

    static string PartitionOf(HttpContext context) =>
        Access.AccessControl.IdentityOf(context) is { } key ? "key:" + key.KeyId : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    static async ValueTask OnRejected(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var retry = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests.",
            Detail = $"This API key (or, without one, this client address) has used its requests for now; retry after {seconds} s. The limit is Twin:Limits:RatePermits per Twin:Limits:RatePeriod.",
        };
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
