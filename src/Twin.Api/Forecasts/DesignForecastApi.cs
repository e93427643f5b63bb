using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Twin.Api.Infrastructure;
using Twin.Api.Models;
using Twin.Core.Designs;
using Twin.Ml.Models;
using Twin.Ml.Prediction;

namespace Twin.Api.Forecasts;

/// <summary>Design forecasts: "how long would a cell of this design last?", before any cell is built.</summary>
public static class DesignForecastApi
{
    public const int MaxCycles = 1_000_000;
    public const int MaxCyclePoints = 1000;

    public static IEndpointRouteBuilder MapDesignForecasts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/forecasts").WithTags("Design forecasts");
        group.MapPost("/design", ForecastOne).WithName("ForecastDesign")
            .WithSummary("Forecast cycles to 80% SOH and retention for one design, with calibrated intervals.");
        group.MapPost("/design/batch", ForecastMany).WithName("ForecastDesigns")
            .WithSummary("Forecast many designs in one ONNX Runtime call.");
        return app;
    }

    static Results<Ok<DesignForecastResponse>, ValidationProblem> ForecastOne(
        DesignForecastRequest request, IDesignModelSource models, CancellationToken ct)
    {
        var errors = Validate(request, prefix: "");
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The design is not valid.");
        using var model = models.Acquire();
        var prior = model.Value.Predict(request.ToDesign(), ct);
        return TypedResults.Ok(ToResponse(request, prior));
    }

    static Results<Ok<DesignBatchResponse>, ValidationProblem> ForecastMany(
        DesignBatchRequest request, IDesignModelSource models, IOptions<TwinOptions> options, CancellationToken ct)
    {
        var designs = request.Designs ?? [];
        var errors = new Dictionary<string, string[]>();
        if (designs.Length == 0) errors["designs"] = ["must hold at least one design."];
        if (designs.Length > options.Value.MaxDesignsPerRequest)
            errors["designs"] = [$"holds {designs.Length} designs; at most {options.Value.MaxDesignsPerRequest} are accepted per request."];
        for (var i = 0; i < designs.Length && errors.Count < 100; i++)
            foreach (var (k, v) in Validate(designs[i], $"designs[{i}]."))
                errors[k] = v;
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Some designs are not valid; nothing was forecast.");
        using var model = models.Acquire();
        var priors = model.Value.Predict(designs.Select(d => d.ToDesign()).ToArray(), ct);
        return TypedResults.Ok(new DesignBatchResponse(model.Value.Card.Version,
            designs.Select((d, i) => ToResponse(d, priors[i])).ToArray()));
    }

    static Dictionary<string, string[]> Validate(DesignForecastRequest? request, string prefix)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors[prefix.TrimEnd('.')] = ["a design object is required."];
            return errors;
        }
        foreach (var e in DesignValidation.Validate(request.ToDesign()))
            errors[prefix + e.Field] = [e.Message];
        if (request.Cycles is { } cycles)
        {
            if (cycles.Length > MaxCyclePoints) errors[prefix + "cycles"] = [$"at most {MaxCyclePoints} cycle counts per design; got {cycles.Length}."];
            var bad = Array.FindIndex(cycles, c => c is < 1 or > MaxCycles);
            if (bad >= 0) errors[$"{prefix}cycles[{bad}]"] = [$"must be between 1 and {MaxCycles}; got {cycles[bad]}."];
        }
        return errors;
    }

    static DesignForecastResponse ToResponse(DesignForecastRequest request, DesignPrior prior)
    {
        var i90 = prior.Interval(0.90);
        var retention = (request.Cycles ?? []).Select(n =>
        {
            var (p50, lo, hi) = prior.Soh(n, 0.90);
            return new RetentionDto(n, Round(100 * p50), Round(100 * lo), Round(100 * hi));
        }).ToArray();
        var notes = new List<string>();
        if (prior.UnseenCoating)
            notes.Add($"coating '{request.Coating}' is not in the training data: it is described by its class ({DesignCatalog.CoatingClassOf(request.ToDesign())}) and the interval is widened by the unseen-coating calibration.");
        if (prior.Domain == DesignDomain.Lab)
            notes.Add($"lab-scale design: intervals come from the literature calibration ({prior.Quantiles.Count} held-out results), which is sparse; expect wide intervals.");
        if (prior.LabRetention is { } lab)
        {
            var (p50, lo, hi) = lab.Band(0.90);
            notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"literature retention model: retention at the end of a test as published studies of this electrolyte class report it is {100 * p50:0.#}% (90%: {100 * lo:0.#}–{100 * hi:0.#}%), whatever the test length; the curve above is the fade law's (docs/model.md)."));
        }
        return new DesignForecastResponse(prior.ModelVersion, prior.Domain.ToString().ToLowerInvariant(), prior.UnseenCoating,
            Round(prior.Eol80), Round(i90.Lower), Round(i90.Upper),
            ConformalQuantiles.Levels.Select(l => prior.Interval(l)).Select(i => new IntervalDto(i.Level, Round(i.Lower), Round(i.Upper))).ToArray(),
            Math.Round(prior.Exponent, 3), retention, notes);
    }

    static double Round(double v) => Math.Round(v, 2);
}
