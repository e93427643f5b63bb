using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Twin.Api.Infrastructure;

/// <summary>
/// Turns request-binding failures (malformed JSON, a wrong type, an unknown field, a body over the
/// size limit) into ProblemDetails that name the offending field, instead of an empty 400.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad) return false;
        var json = FindJsonException(bad);
        var status = bad.StatusCode;
        var problem = new ProblemDetails
        {
            Status = status,
            Title = status == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request body could not be read.",
            Detail = json is not null ? Describe(json) : bad.Message,
        };
        // The framework's words for a missing body talk about dependency injection; say what to send.
        if (json is null && bad.Message.Contains("no body was provided", StringComparison.Ordinal))
        {
            problem.Title = context.Request.ContentLength > 0 ? "The request body is null." : "The request body is empty.";
            problem.Detail = $"Send a JSON object such as {BodyExample(context)}.";
        }
        if (json?.Path?.TrimStart('$', '.') is { Length: > 0 } path) problem.Extensions["field"] = Shorten(path);
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    static JsonException? FindJsonException(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is JsonException j) return j;
        return null;
    }

    static string Describe(JsonException e)
    {
        var path = Shorten(e.Path?.TrimStart('$', '.') ?? "");
        var where = $"(line {e.LineNumber + 1}, byte {e.BytePositionInLine})";
        var message = e.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return $"'{path}' is not a field of this request; check its spelling against docs/design-schema.md {where}.";
        if (e is Security.RefusedTextException)
            return $"field '{path}': {message} {where}";
        if (message.StartsWith("Duplicate propert", StringComparison.Ordinal))
            return $"field '{path}' appears more than once in the same object; give each field once {where}.";
        if (message.Contains("could not be converted to", StringComparison.Ordinal))
            return $"field '{path}' has the wrong type: {ExpectedType(message)} {where}.";
        return $"{(path.Length > 0 ? $"field '{path}'" : "the body")} is not valid JSON: {message.Split(" Path:", 2)[0]} {where}";
    }

    /// <summary>A path that ends in an over-long property name is cut, so the error is not as big as the attack.</summary>
    static string Shorten(string path) => path.Length <= 200 ? path : path[..200] + "…";

    /// <summary>An example body per endpoint (by its name), for the message on an empty or null body.</summary>
    static string BodyExample(HttpContext context) =>
        // The exception handler has cleared the request's endpoint; its feature keeps the one that failed.
        (context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint())?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName switch
    {
        "PostCellCycles" => """{"cycles":[{"cycle":1,"discharge_capacity_Ah":1.05}]}""",
        "PutCell" => """{"electrode":"Si nanoparticles","coating":"Al2O3","coating_thickness_nm":2,"electrolyte":"1 M LiPF6 in EC/DEC","nominal_capacity_Ah":1.1}""",
        "ForecastDesign" => """{"electrode":"Si nanoparticles","coating":"Al2O3","coating_thickness_nm":2,"electrolyte":"1 M LiPF6 in EC/DEC","cycles":[100,300]}""",
        "ForecastDesigns" => """{"designs":[{"electrode":"Si nanoparticles","coating":"Al2O3","electrolyte":"1 M LiPF6 in EC/DEC"}]}""",
        _ => "the one documented for this endpoint in docs/api.md",
    };

    /// <summary>What a field of the wrong type should hold, from System.Text.Json's message (which names .NET types).</summary>
    internal static string ExpectedType(string message) => message switch
    {
        _ when message.Contains("Int32") || message.Contains("Int64") => "a whole number is expected",
        _ when message.Contains("Double") => "a number is expected (leave the field out if unknown)",
        _ when message.Contains("DateTimeOffset") => "an ISO 8601 time such as 2024-05-01T12:00:00Z is expected",
        _ when message.Contains("String") => "a string is expected",
        _ when message.Contains("[]") => "an array is expected",
        _ => "it does not match the field's type",
    };
}
