using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using Orleans;
using Twin.Actors.Cells;
using Twin.Api.Cells.Internal;
using Twin.Core.Designs;
using Twin.Storage;

namespace Twin.Api.Cells;

/// <summary>The cell registry: register or update a cell's design and tags, read, list by tag and design, delete.</summary>
public static class CellsApi
{
    public const int MaxTags = 32, MaxTagKeyLength = 64, MaxTagValueLength = 256, MaxPageSize = 1000;
    public const double MaxNominalCapacityAh = 1_000_000;
    const string TagPrefix = "tag.";
    public const int MaxSearchLength = 256;
    static readonly string[] ListParameters = ["electrode", "coating", "electrolyte", "q", "sort", "after", "limit"];
    static readonly Dictionary<string, CellSort> Sorts = new(StringComparer.Ordinal)
    {
        ["cell_id"] = CellSort.CellId, ["electrode"] = CellSort.Electrode, ["coating"] = CellSort.Coating,
        ["electrolyte"] = CellSort.Electrolyte, ["created_at"] = CellSort.CreatedAt, ["updated_at"] = CellSort.UpdatedAt,
    };

    /// <summary>Maps /api/cells (registry, cycles, files) and the multi-cell stream /api/cycles.</summary>
    public static IEndpointRouteBuilder MapCells(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cells").WithTags("Cells").AddEndpointFilter<RequestBodyLimit>();
        group.MapPut("/{id}", Put).WithName("PutCell")
            .WithSummary("Register a cell (201) or replace its design, nominal capacity and tags (200).");
        group.MapGet("/{id}", Get).WithName("GetCell").WithSummary("A cell's design, tags, stored cycle count and times.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", List).WithName("ListCells")
            .WithSummary("Cells by tag.KEY=value, electrode, coating and electrolyte (exact matches) and q= (text in id, design or tag values), sorted by sort= (cell_id by default; -NAME descending), paged by key with after=.");
        group.MapDelete("/{id}", Delete).WithName("DeleteCell").WithSummary("Delete a cell with its cycles and twin state.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        CellCyclesApi.Map(group, app.MapGroup("/api/cycles").WithTags("Cells").AddEndpointFilter<RequestBodyLimit>());
        CellFilesApi.Map(group);
        return app;
    }

    static async Task<Results<Created<CellResponse>, Ok<CellResponse>, ValidationProblem>> Put(
        string id, CellRequest request, ICellStore cells, ICycleStore cycles, IGrainFactory grains, TimeProvider time, CancellationToken ct)
    {
        if (CellIds.Problem(id) is { } idProblem) return CellProblems.InvalidId(idProblem);
        var errors = Validate(request);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The cell is not valid; nothing was stored.");
        var now = time.GetUtcNow();
        var created = await cells.UpsertCellAsync(new CellRow(id, request.ToDesign(), request.Tags ?? [], request.NominalCapacityAh, now, now), ct);
        if (!created) await grains.GetGrain<ICellGrain>(id).DesignChangedAsync(CancellationToken.None);
        var stored = await cells.GetCellAsync(id, ct) ?? throw new InvalidOperationException($"cell '{id}' vanished right after it was stored.");
        var body = CellResponse.From(stored, created ? 0 : await cycles.CountCyclesAsync(id, ct));
        return created ? TypedResults.Created($"/api/cells/{Uri.EscapeDataString(id)}", body) : TypedResults.Ok(body);
    }

    static async Task<Results<Ok<CellResponse>, ProblemHttpResult, ValidationProblem>> Get(
        string id, ICellStore cells, ICycleStore cycles, CancellationToken ct)
    {
        if (CellIds.Problem(id) is { } idProblem) return CellProblems.InvalidId(idProblem);
        var cell = await cells.GetCellAsync(id, ct);
        if (cell is null) return CellProblems.UnknownCell(id);
        return TypedResults.Ok(CellResponse.From(cell, await cycles.CountCyclesAsync(id, ct)));
    }

    static async Task<Results<Ok<CellListResponse>, ValidationProblem>> List(HttpRequest http, ICellStore cells, IGrainStateStore states, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in http.Query)
        {
            if (key.StartsWith(TagPrefix, StringComparison.Ordinal))
            {
                var tag = key[TagPrefix.Length..];
                if (TagKeyProblem(tag) is { } p) errors[key] = [p];
                else if (values.Count != 1) errors[key] = ["give each tag once."];
                else tags[tag] = values[0]!;
            }
            else if (!ListParameters.Contains(key, StringComparer.Ordinal))
                errors[key] = [$"is not a parameter of this list; use tag.KEY=value, {string.Join(", ", ListParameters)}."];
        }
        var limit = CellQuery.DefaultLimit;
        if (http.Query["limit"] is { Count: > 0 } l && (!int.TryParse(l[0], out limit) || limit is < 1 or > MaxPageSize))
            errors["limit"] = [$"must be a whole number between 1 and {MaxPageSize}; got '{l[0]}'."];
        var (sort, descending) = (CellSort.CellId, false);
        if (http.Query["sort"] is { Count: > 0 } so)
        {
            var name = so[0] ?? "";
            descending = name.StartsWith('-');
            if (!Sorts.TryGetValue(descending ? name[1..] : name, out sort))
                errors["sort"] = [$"'{name}' is not a sort order; use one of {string.Join(", ", Sorts.Keys)}, with a leading '-' for descending."];
        }
        var search = One(http.Query["q"]);
        if (search is { Length: > MaxSearchLength }) errors["q"] = [$"is {search.Length} characters long; at most {MaxSearchLength} are allowed."];
        foreach (var (key, values) in http.Query)
            if (values.Any(v => v?.Contains('\0') == true)) errors[key] = ["contains a NUL character (%00); remove it."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The cell list query is not valid.");

        // One more than asked tells whether a next page exists.
        var page = await cells.ListCellsAsync(new CellQuery(tags, One(http.Query["electrode"]), One(http.Query["coating"]),
            One(http.Query["electrolyte"]), One(http.Query["after"]), limit + 1, search, sort, descending), ct);
        var rows = page.Take(limit).ToArray();
        // The page's twins in one query from their stored state: no grain activated, no query per row.
        var twins = await states.ReadManyAsync(CellTwinSummary.StoredGrainType, rows.Select(c => c.CellId).ToArray(), ct);
        var shown = rows.Select(c => CellResponse.From(c, twin: twins.TryGetValue(c.CellId, out var json) ? CellTwinSummary.FromStoredJson(json) : null)).ToArray();
        return TypedResults.Ok(new CellListResponse(shown, page.Count > limit ? shown[^1].CellId : null));
    }

    static string? One(StringValues v) => v.Count > 0 && !string.IsNullOrEmpty(v[0]) ? v[0] : null;

    static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Delete(
        string id, ICellStore cells, IGrainFactory grains, CancellationToken ct)
    {
        if (CellIds.Problem(id) is { } idProblem) return CellProblems.InvalidId(idProblem);
        if (!await cells.DeleteCellAsync(id, ct)) return CellProblems.UnknownCell(id);
        // Deleted and committed: the grain must drop its state even if the client has gone.
        await grains.GetGrain<ICellGrain>(id).DeletedAsync(CancellationToken.None);
        return TypedResults.NoContent();
    }

    static Dictionary<string, string[]> Validate(CellRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var e in DesignValidation.Validate(request.ToDesign()))
            errors[e.Field] = [e.Message];
        if (request.NominalCapacityAh is { } nominal && (!double.IsFinite(nominal) || nominal <= 0 || nominal > MaxNominalCapacityAh))
            errors["nominal_capacity_Ah"] = [$"must be > 0 and ≤ {MaxNominalCapacityAh} Ah (leave it out if unknown); got {nominal}."];
        var tags = request.Tags ?? [];
        if (tags.Count > MaxTags) errors["tags"] = [$"at most {MaxTags} tags per cell; got {tags.Count}."];
        foreach (var (key, value) in tags)
        {
            if (TagKeyProblem(key) is { } p) errors[$"tags.{key}"] = [p];
            else if (value is null || value.Length > MaxTagValueLength) errors[$"tags.{key}"] = [$"must be a string of at most {MaxTagValueLength} characters."];
        }
        return errors;
    }

    static string? TagKeyProblem(string key) =>
        key.Length is 0 or > MaxTagKeyLength || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
            ? $"tag names are 1–{MaxTagKeyLength} characters of A–Z a–z 0–9 _ - .; got '{key}'."
            : null;
}
