using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Twin.Actors.Cells;
using Twin.Api.Cells.Internal;
using Twin.Api.Infrastructure;
using Twin.Import;
using Twin.Storage;

namespace Twin.Api.Cells;

/// <summary>
/// Cycler export uploads: the file part is parsed by Twin.Import straight from the request body
/// (never held whole in memory or spooled by the form reader), then ingested all or nothing.
/// </summary>
public static class CellFilesApi
{
    public const string FileField = "file", FormatField = "format";

    internal static void Map(RouteGroupBuilder cells) =>
        cells.MapPost("/{id}/files", PostFile).WithName("PostCellFile")
            .WithSummary("Upload a cycler export (multipart/form-data, part 'file'; optional 'format'); its cycles are stored all or nothing.")
            .WithCyclerFileBody()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    static async Task<Results<Ok<FileImportResponse>, ValidationProblem, ProblemHttpResult>> PostFile(
        string id, HttpRequest http, string? format, CellIngestion ingestion, ICellStore cells, IOptions<TwinOptions> options, CancellationToken ct)
    {
        if (CellIds.Problem(id) is { } idProblem) return CellProblems.InvalidId(idProblem);
        if (!MediaTypeHeaderValue.TryParse(http.ContentType, out var contentType)
            || !string.Equals(contentType.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
            return CellProblems.UnsupportedMediaType(http.ContentType, $"multipart/form-data with a '{FileField}' part");
        CyclerFormat? explicitFormat = null;
        if (format is not null)
        {
            if (FormatProblem(format, out explicitFormat) is { } p) return p;
        }
        if (await cells.GetCellAsync(id, ct) is null) return CellProblems.UnknownCell(id);

        var max = options.Value.MaxRequestBytes;
        var body = new LimitedReadStream(http.Body, max);
        // The importer reads synchronously; it runs on a worker thread (ReadCyclesAsync), reading the socket directly.
        if (http.HttpContext.Features.Get<IHttpBodyControlFeature>() is { } control) control.AllowSynchronousIO = true;
        var reader = new MultipartReader(boundary, body);
        ImportResult? import = null;
        string? fileName = null;
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                    return BadForm($"every part needs a Content-Disposition: form-data header; send the export as part '{FileField}'.");
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (name == FormatField && !disposition.IsFileDisposition())
                {
                    if (import is not null) return BadForm($"send '{FormatField}' before '{FileField}' (or as ?format=): the file is read as it arrives.");
                    using var text = new StreamReader(section.Body);
                    var value = (await text.ReadToEndAsync(ct)).Trim();
                    if (FormatProblem(value, out var formFormat) is { } p) return p;
                    if (explicitFormat is { } q && q != formFormat)
                        return BadForm($"the query says format '{q.Name()}' but the form says '{value}'; give one.");
                    explicitFormat = formFormat;
                }
                else if (name == FileField && disposition.IsFileDisposition())
                {
                    if (import is not null) return BadForm($"send one '{FileField}' part per request.");
                    fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value is { Length: > 0 } star ? star
                        : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                    import = await CyclerFileImporter.ReadCyclesAsync(section.Body, fileName, explicitFormat, ct);
                }
                else
                {
                    return BadForm($"unexpected part '{name}'; the form has '{FileField}' (the export, as a file) and optionally '{FormatField}'.");
                }
            }
        }
        catch (Exception e) when (body.Exceeded || e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return CellProblems.TooLarge(max);
        }
        catch (UnsupportedCyclerFormatException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The cycler export's format is not recognised.",
                detail: e.Message, extensions: new Dictionary<string, object?>
                {
                    ["seen"] = e.Seen, ["supported_formats"] = CyclerFormats.All.Select(f => f.Name()).ToArray(),
                });
        }
        catch (CyclerFormatMismatchException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The file does not have the columns of the format given.",
                detail: e.Message, extensions: new Dictionary<string, object?>
                {
                    ["format"] = e.Format.Name(), ["missing_columns"] = e.MissingColumns, ["header_line"] = e.HeaderLine,
                });
        }
        catch (CyclerDataException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The cycler export has a corrupt row; nothing was stored.",
                detail: e.Message, extensions: new Dictionary<string, object?> { ["line"] = e.Line, ["column"] = e.Column, ["problem"] = e.Problem });
        }
        catch (EmptyCyclerFileException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The cycler export holds no cycle; nothing was stored.", detail: e.Message);
        }
        catch (IOException e)
        {
            return BadForm($"the multipart body could not be read: {e.Message}");
        }
        if (import is null) return BadForm($"the form has no '{FileField}' part (a file); send the export as part '{FileField}'.");

        var warnings = import.Warnings.ToList();
        var records = CellIngestion.DropCyclesWithoutDischarge(import.Cycles.Select(c => c.ToCycleRecord(id)), warnings);
        if (records.Count == 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The cycler export holds no cycle with a discharge; nothing was stored.",
                detail: $"{import.Cycles.Count} cycle(s) were read as {import.Format.Name()}, none with a discharge capacity.", extensions: new Dictionary<string, object?> { ["warnings"] = warnings });
        var rows = records.Select(c => CycleRowInput.Parsed(c.Cycle, c)).ToArray(); // a file's rows are named by cycle number
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
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Some cycles of the export are not valid; nothing was stored.",
                detail: $"{result.RejectedCount} of {result.Received} cycles were rejected (each names its cycle number).",
                extensions: new Dictionary<string, object?>
                {
                    ["format"] = import.Format.Name(), ["rejected"] = result.Rejected.Select(r => RejectedRowDto.From(r)).ToArray(),
                });
        if (result.HasConflicts)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Some cycles of the export differ from the stored ones; nothing was stored.",
                detail: $"{result.ConflictCount} cycle(s) of cell '{id}' are already stored with other values; stored cycles are never overwritten.",
                extensions: new Dictionary<string, object?> { ["conflicts"] = result.Conflicts.Select(ConflictDto.From).ToArray() });
        return TypedResults.Ok(new FileImportResponse(id, fileName, import.Format.Name(), import.DetectionReason, import.Cycles.Count,
            result.Inserted, result.Duplicates, warnings));
    }

    static ProblemHttpResult? FormatProblem(string name, out CyclerFormat? format) =>
        CyclerFormats.TryParse(name, out format) ? null
            : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown cycler format name.",
                detail: $"'{name}' is not a cycler format; use one of: {CyclerFormats.SupportedList}, or leave it out to detect the format.",
                extensions: new Dictionary<string, object?> { ["field"] = FormatField, ["supported_formats"] = CyclerFormats.All.Select(f => f.Name()).ToArray() });

    static ProblemHttpResult BadForm(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The upload form is not valid; nothing was stored.", detail: detail);
}
