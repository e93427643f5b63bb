using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Twin.Storage;

namespace Twin.Api.Security.Access;

public sealed record ApiKeyCreateRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("role")] string? Role);

public sealed record ApiKeyResponse(
    [property: JsonPropertyName("key_id")] string KeyId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("revoked_at")] DateTimeOffset? RevokedAt,
    // Only in the answer to the POST that created it: the server keeps no copy.
    [property: JsonPropertyName("key"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Key = null)
{
    public static ApiKeyResponse From(ApiKeyRow row, string? key = null) => new(row.KeyId, row.Name, row.Role, row.CreatedAt, row.RevokedAt, key);
}

/// <summary>/api/keys: create (the key is shown once), list and revoke API keys. Admin only (<see cref="AccessPolicy"/>).</summary>
public static class ApiKeysApi
{
    public static WebApplication MapApiKeys(this WebApplication app)
    {
        var group = app.MapGroup("/api/keys").WithTags("API keys");
        group.MapGet("/", List).WithName("ListApiKeys").WithSummary("Every API key (never the secret), revoked ones included.");
        group.MapPost("/", Create).WithName("CreateApiKey").WithSummary("A new API key; the answer is the only place the key is shown.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapDelete("/{keyId}", Revoke).WithName("RevokeApiKey").WithSummary("Revokes a key; every silo refuses it within 10 s.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    static async Task<Ok<ApiKeyResponse[]>> List(IApiKeyStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListApiKeysAsync(ct)).Select(r => ApiKeyResponse.From(r)).ToArray());

    static async Task<Results<Created<ApiKeyResponse>, ProblemHttpResult>> Create(
        ApiKeyCreateRequest body, IApiKeyStore store, ApiKeyAuthenticator keys, TimeProvider time, ILogger<ApiKeyAuthenticator> log, CancellationToken ct)
    {
        if (ApiKeyStoreExtensions.ValidateNewKey(body.Name, body.Role) is { } error)
            return TypedResults.Problem(error.Detail, statusCode: 400, title: "The key request is not valid.", extensions: new Dictionary<string, object?> { ["field"] = error.Field });
        var (row, key) = await store.CreateApiKeyAsync(body.Name!, body.Role!, time, ct);
        keys.Forget();
        AccessLog.KeyChanged(log, row.KeyId, row.Name, row.Role, "created");
        return TypedResults.Created($"/api/keys/{row.KeyId}", ApiKeyResponse.From(row, key));
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Revoke(string keyId, IApiKeyStore store, ApiKeyAuthenticator keys, TimeProvider time, ILogger<ApiKeyAuthenticator> log, CancellationToken ct)
    {
        if (!await store.RevokeApiKeyAsync(keyId, time.GetUtcNow(), ct))
            return TypedResults.Problem($"There is no active API key with id '{keyId}'. GET /api/keys lists them.", statusCode: 404, title: "No such key.");
        keys.Forget();
        AccessLog.KeyChanged(log, keyId, "", "", "revoked");
        return TypedResults.NoContent();
    }
}
