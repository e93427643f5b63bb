using Microsoft.AspNetCore.Http.HttpResults;

namespace Twin.Api.Cells;

/// <summary>The ProblemDetails the cell endpoints share, each with a message a user can act on.</summary>
internal static class CellProblems
{
    public static ValidationProblem InvalidId(string problem) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [problem] }, title: "The cell id is not valid.");

    public static ProblemHttpResult UnknownCell(string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Unknown cell.",
        detail: $"No cell '{id}' is registered. Register it with PUT /api/cells/{id} first.");

    public static ProblemHttpResult TooLarge(long maxBytes, IDictionary<string, object?>? extensions = null) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.",
        detail: $"The body is larger than the limit of {maxBytes} bytes (Twin:MaxRequestBytes); split it into smaller requests.",
        extensions: extensions);

    public static ProblemHttpResult UnsupportedMediaType(string? seen, string supported) => TypedResults.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type.",
        detail: $"Content-Type '{seen ?? "(none)"}' is not supported here; send {supported}.",
        extensions: new Dictionary<string, object?> { ["supported_content_types"] = supported.Split(" or ") });
}
