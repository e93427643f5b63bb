using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Twin.Api.Forecasts;
using Twin.Core.Designs;
using Twin.Core.WhatIf;

namespace Twin.Api.WhatIf;

/// <summary>POST /api/fleet/what-if and POST /api/designs/sweep (docs/what-if.md).</summary>
public static class WhatIfApi
{
    public const int DefaultSeed = 1;

    public static WebApplication MapWhatIf(this WebApplication app)
    {
        app.MapPost("/api/fleet/what-if", WhatIf).WithTags("Fleet studies").WithName("FleetWhatIf")
            .WithSummary("Every selected cell's end of life as it is and with a design change, each cell keeping its own calibration; add ?format=csv for the per-cell table.")
            .Produces<WhatIfResponse>().Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapPost("/api/designs/sweep", Sweep).WithTags("Fleet studies").WithName("DesignSweep")
            .WithSummary("Predicted life over a grid of designs against a base design, P(beats base), and what to test next.")
            .Produces<SweepResponse>().ProducesValidationProblem();
        return app;
    }

    static async Task<IResult> WhatIf(WhatIfRequest request, HttpRequest http, WhatIfService service, IOptions<WhatIfOptions> options, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Selection is null) errors["selection"] = ["give the cells to study: {} for all, or filters (electrode, coating, electrolyte, tags, q) or ids."];
        if (request.Change is null || request.Change.ToChange().IsEmpty) errors["change"] = ["give at least one design field to change, e.g. {\"coating\":\"alucone\",\"coating_thickness_nm\":5}."];
        if (request.CycleTarget is { } t && (!double.IsFinite(t) || t < 1 || t > 10_000_000)) errors["cycle_target"] = ["must be between 1 and 10,000,000 cycles."];
        if (request.Change?.CoatingThicknessNm is { } nm && (nm < 0 || nm > 10_000)) errors["change.coating_thickness_nm"] = ["must be between 0 and 10,000 nm."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The what-if is not valid.");

        var max = options.Value.MaxCells;
        var cells = await service.SelectAsync(request.Selection!, max, ct);
        if (cells.Count == 0)
            return Problem("selection", "The selection matches no cell.", "No registered cell matches these filters or ids; GET /api/cells with the same filters shows what exists.");
        if (cells.Count > max)
            return Problem("selection", "The selection is too large.", $"It matches more than {max:N0} cells (Twin:WhatIf:MaxCells); narrow it with a tag or design filter.");
        var change = request.Change!.ToChange();
        // The change per distinct design, not per cell: a million cells share a few dozen designs.
        var beforeDesigns = cells.Select(c => c.Design).Distinct().ToList();
        var afterDesigns = beforeDesigns.Select(change.ApplyTo).Distinct().ToList();
        foreach (var design in afterDesigns)
            foreach (var e in DesignValidation.Validate(design))
                errors["change." + e.Field] = [e.Message];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The changed design is not valid.");
        if (beforeDesigns.All(d => change.ApplyTo(d) == d))
            return Problem("change", "The change changes nothing.", "Every selected cell already has these values; change at least one field to something else.");

        var seed = request.Seed ?? DefaultSeed;
        using var lease = service.LeaseModel();
        var model = lease.Value;
        var result = FleetWhatIf.Run(cells, change, designs => service.Predict(model, designs, ct), seed, request.CycleTarget);
        if (string.Equals(http.Query["format"], "csv", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Text(Csv(result, model.Card.Version), "text/csv", Encoding.UTF8);

        var labCells = await service.LabCellsAsync(ct);
        var evidence = afterDesigns.Take(20).Select(d => EvidenceOut.From(d, service.Evidence(d, labCells(d)))).ToList();
        var notes = new List<string>
        {
            $"end of life is 80% SOH; each cell keeps its twin's calibration ({result.Summary.Calibrated} of {result.Summary.Cells} cells have a fitted twin; the others stand on their design prior).",
            "the change's interval is the uncertainty of the effect (docs/what-if.md), not of the absolute life.",
        };
        var stale = cells.Count(c => c.Calibration?.Stale == true);
        if (stale > 0) notes.Add($"{stale} cells have new data since their twin was fitted: their stored fit (fitted_at) was used; reading their forecast refits them.");
        if (evidence.Any(e => e.UnseenCoating || e.ThicknessOutsideSeen)) notes.Add("the model extrapolates for some changed designs (see evidence): their effects carry a wider interval.");
        if (cells.Count > options.Value.MaxCellsListed) notes.Add($"cells lists the first {options.Value.MaxCellsListed:N0} of {cells.Count:N0}; ?format=csv gives them all.");
        var listed = result.Cells.Take(options.Value.MaxCellsListed).Select(c => new WhatIfCellOut(c.CellId, c.Calibrated, c.FittedAt, c.Stale,
            IntervalOut.From(c.Before), IntervalOut.From(c.After), IntervalOut.From(c.Change), Math.Round(c.ProbabilityAfterLonger, 4), c.Extrapolated)).ToList();
        return TypedResults.Ok(new WhatIfResponse(model.Card.Version, seed, "80% SOH", result.Summary, evidence, notes, listed));
    }

    static string Csv(WhatIfResult result, string version)
    {
        var csv = new StringBuilder($"# model {version}\ncell_id,calibrated,fitted_at,stale,before_p50,before_lower90,before_upper90,after_p50,after_lower90,after_upper90,change_p50,change_lower90,change_upper90,p_after_longer,extrapolated\n");
        foreach (var c in result.Cells)
            csv.Append(CultureInfo.InvariantCulture,
                $"{c.CellId},{c.Calibrated},{c.FittedAt:O},{c.Stale},{c.Before.P50:0.#},{c.Before.Lower:0.#},{c.Before.Upper:0.#},{c.After.P50:0.#},{c.After.Lower:0.#},{c.After.Upper:0.#},{c.Change.P50:0.#},{c.Change.Lower:0.#},{c.Change.Upper:0.#},{c.ProbabilityAfterLonger:0.####},{c.Extrapolated}\n");
        return csv.ToString();
    }

    static async Task<IResult> Sweep(SweepRequest request, WhatIfService service, IOptions<WhatIfOptions> options, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Base is null) errors["base"] = ["give the base design (the lab's current one) to compare each point with."];
        else foreach (var e in DesignValidation.Validate(request.Base.ToDesign())) errors["base." + e.Field] = [e.Message];
        var g = request.Grid;
        if (g is null) errors["grid"] = ["give at least one list to vary: coatings, coating_thickness_nm, electrolytes, c_rate, charge_c_rate, temperature_C."];
        if (request.Best is < 1 or > 100) errors["best"] = ["must be between 1 and 100."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The sweep is not valid.");

        var basis = request.Base!.ToDesign();
        var sweepGrid = g!.ToGrid();
        var count = sweepGrid.Count;
        if (count > options.Value.MaxSweepPoints)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["grid"] = [$"spans {count:N0} points; at most {options.Value.MaxSweepPoints:N0} (Twin:WhatIf:MaxSweepPoints). Use fewer values per list."] },
                title: "The sweep grid is too large.");
        if (g.Thicknesses?.Any(t => !double.IsFinite(t) || t < 0 || t > 10_000) == true)
            errors["grid.coating_thickness_nm"] = ["every thickness must be between 0 and 10,000 nm."];
        var grid = sweepGrid.Expand(basis);
        foreach (var design in grid.Distinct())
            foreach (var e in DesignValidation.Validate(design))
                errors["grid." + e.Field] = [e.Message];
        if (grid.Count == 0 || grid.All(d => d == basis)) errors["grid"] = ["every point equals the base design; vary at least one field."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The sweep is not valid.");

        using var lease = service.LeaseModel();
        var model = lease.Value;
        var labCells = await service.LabCellsAsync(ct);
        var tested = await service.TestedDesignsAsync(basis.Electrode, ct);
        var result = DesignSweep.Run(basis, grid, designs => service.Predict(model, designs, ct), d => service.Evidence(d, labCells(d)), request.Best ?? 10, tested);
        return TypedResults.Ok(new SweepResponse(model.Card.Version, IntervalOut.From(result.Base), IncumbentOut.From(result.Incumbent),
            result.Best.Select(SweepPointOut.From).ToList(),
            result.Suggestions.Select(s => new SuggestionOut(DesignDto.From(s.Design), s.Strategy, s.Reason)).ToList(),
            result.Points.Select(SweepPointOut.From).ToList()));
    }

    static ProblemHttpResult Problem(string field, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: title, extensions: new Dictionary<string, object?> { ["field"] = field });
}
