using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Twin.Actors.Cells;
using Twin.Api.Cells.Internal;
using Twin.Api.Infrastructure;
using Twin.Storage;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Twin.Api.Cells;

/// <summary>
/// Cycles in: a JSON batch for one cell (all or nothing), and a CSV or NDJSON stream over many
/// cells (row by row). Both go through <see cref="CellIngestion"/>: stored first, then the grains told.
/// </summary>
public static class CellCyclesApi
{
    public const int MaxLineBytes = 64 * 1024;
    public const string Csv = "text/csv", Ndjson = "application/x-ndjson";
    static readonly string[] NdjsonTypes = [Ndjson, "application/ndjson", "application/jsonl"];

    internal static void Map(RouteGroupBuilder cells, RouteGroupBuilder cycles)
    {
        cells.MapPost("/{id}/cycles", PostBatch).WithName("PostCellCycles")
            .WithSummary("Append a batch of cycles to one cell, all or nothing: 400 lists every bad row, 409 every conflict; resending is harmless.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        cycles.MapPost("/", PostStream).WithName("PostCycleStream")
            .WithSummary("Stream cycles of many cells as text/csv or application/x-ndjson; valid rows are stored, each rejected row is reported by line.")
            .WithCycleStreamBody()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    static async Task<Results<Ok<CycleBatchResponse>, ValidationProblem, ProblemHttpResult>> PostBatch(
        string id, CycleBatchRequest request, CellIngestion ingestion, CancellationToken ct)
    {
        if (CellIds.Problem(id) is { } idProblem) return CellProblems.InvalidId(idProblem);
        var sent = request.Cycles ?? [];
        if (sent.Length == 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cycles"] = ["must hold at least one cycle."] }, title: "No cycles were sent.");
        var rows = BatchRepeats.Reject(sent.Select((c, i) => c is null ? CycleRowInput.Unreadable(i, id, "", "must be a cycle object, not null.") : c.ToInput(i, id)).ToArray(), "cycles");
        IngestionResult result;
        try
        {
            result = await ingestion.IngestCellAsync(id, rows, ct);
        }
        catch (UnknownCellException)
        {
            return CellProblems.UnknownCell(id);
        }
        if (result.HasRejections)
        {
            var errors = result.Rejected.GroupBy(r => r.Field.Length == 0 ? $"cycles[{r.Row}]" : $"cycles[{r.Row}].{r.Field}")
                .ToDictionary(g => g.Key, g => g.Select(r => r.Reason).ToArray());
            return TypedResults.ValidationProblem(errors, title: $"{result.RejectedCount} of {result.Received} cycles are not valid; nothing was stored.");
        }
        if (result.HasConflicts)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Some cycles differ from the stored ones; nothing was stored.",
                detail: $"{result.ConflictCount} cycle(s) of cell '{id}' are already stored with other values. Stored cycles are never overwritten; "
                        + "fix the sent values, or delete and re-register the cell to replace its data.",
                extensions: new Dictionary<string, object?> { ["conflicts"] = result.Conflicts.Select(ConflictDto.From).ToArray() });
        return TypedResults.Ok(new CycleBatchResponse(id, result.Received, result.Inserted, result.Duplicates));
    }

    static async Task<Results<Ok<CycleStreamReport>, ValidationProblem, ProblemHttpResult>> PostStream(
        HttpRequest http, CellIngestion ingestion, IOptions<TwinOptions> options, IOptions<JsonOptions> json, CancellationToken ct)
    {
        MediaTypeHeaderValue.TryParse(http.ContentType, out var contentType);
        var mediaType = contentType?.MediaType.Value;
        var isCsv = string.Equals(mediaType, Csv, StringComparison.OrdinalIgnoreCase);
        var isNdjson = NdjsonTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase);
        if (!isCsv && !isNdjson) return CellProblems.UnsupportedMediaType(http.ContentType, $"{Csv} or {Ndjson}");

        var max = options.Value.MaxRequestBytes;
        var lines = new BodyLineReader(http.BodyReader, max, MaxLineBytes);
        IAsyncEnumerable<CycleRowInput> rows;
        if (isCsv)
        {
            var (columns, problem) = await CycleCsvRows.ReadHeaderAsync(lines, ct);
            if (lines.TooLarge) return CellProblems.TooLarge(max);
            if (columns is null)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["header"] = [problem!] }, title: "The CSV header is not valid; nothing was stored.");
            rows = CycleCsvRows.ReadRowsAsync(lines, columns, MaxLineBytes, ct);
        }
        else
        {
            rows = CycleNdjsonRows.ReadRowsAsync(lines, json.Value.SerializerOptions, MaxLineBytes, ct);
        }

        var result = await ingestion.IngestStreamAsync(rows, ct: ct);
        var report = CycleStreamReport.From(result);
        if (lines.TooLarge)
            return CellProblems.TooLarge(max, Extensions(report, "The rows before the limit were processed as reported here; nothing after it was read."));
        if (report.Accepted == 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "No cycle of the stream was accepted.",
                detail: report.Received == 0 ? "The body holds no cycle rows." : $"All {report.Received} rows were rejected or conflict with stored cycles; see 'rejected' and 'conflicts'.",
                extensions: Extensions(report, null));
        return TypedResults.Ok(report);
    }

    static Dictionary<string, object?> Extensions(CycleStreamReport report, string? note)
    {
        var element = JsonSerializer.SerializeToElement(report);
        var extensions = element.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        if (note is not null) extensions["note"] = note;
        return extensions;
    }
}
