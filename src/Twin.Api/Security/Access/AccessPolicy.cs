using Twin.Core.Access;

namespace Twin.Api.Security.Access;

/// <summary>
/// Which role a request needs, from its method and path alone, so every endpoint — including
/// ones added later — is covered without an attribute of its own: reading needs a reader,
/// changing data a writer, destroying data or changing the model or the keys an admin. Only
/// paths under /api are guarded; the dashboard's files, /openapi, /healthz, /readyz and
/// /metrics stay open (they carry no lab data).
/// </summary>
public static class AccessPolicy
{
    /// <summary>POSTs that only compute an answer from what they are sent: a reader may make them.</summary>
    static readonly string[] ReadOnlyPosts = ["/api/forecasts", "/api/fleet/what-if", "/api/designs/sweep"];

    public static bool IsGuarded(PathString path) => path.StartsWithSegments("/api");

    public static TwinRole RequiredRole(string method, PathString path)
    {
        if (path.StartsWithSegments("/api/keys")) return TwinRole.Admin;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)) return TwinRole.Reader;
        if (HttpMethods.IsDelete(method)) return TwinRole.Admin;
        // Retraining, promotion and rollback change what answers everyone.
        if (path.StartsWithSegments("/api/models")) return TwinRole.Admin;
        if (HttpMethods.IsPost(method) && ReadOnlyPosts.Any(p => path.StartsWithSegments(p))) return TwinRole.Reader;
        return TwinRole.Writer;
    }
}
