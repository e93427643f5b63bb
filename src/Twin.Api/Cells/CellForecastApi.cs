using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Orleans;
using Twin.Actors.Cells;
using Twin.Core.Twins;
using Twin.Storage;

namespace Twin.Api.Cells;

/// <summary>The twin's answers for one cell: "how long will this cell last?" and what the twin knows about it.</summary>
public static class CellForecastApi
{
    public static IEndpointRouteBuilder MapCellForecasts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cells/{id}").WithTags("Cell twins");
        group.MapGet("/forecast", GetForecast).WithName("GetCellForecast").Produces<CellForecastResponse>(StatusCodes.Status200OK, "application/json")
            .WithSummary("SOH curve to end of life with 80/90/95% bands, EOL and RUL with intervals, the data's weight and the model version.");
        group.MapGet("/cycles", GetCycles).WithName("GetCellCycles")
            .WithSummary("The stored cycles behind the twin, in cycle order, a page at a time: limit= (1000 by default, at most 10000), after= the last cycle of the previous page (its 'next').");
        group.MapGet("/cycles/series", GetSeries).WithName("GetCellCycleSeries")
            .WithSummary("The discharge capacity by cycle for a chart: at most points= points (2000 by default), each bucket of cycles keeping its lowest and highest value.");
        group.MapGet("/twin", GetTwin).WithName("GetCellTwin")
            .WithSummary("The twin's state: SOH now, calibrated fade law, anomalies, cycles observed, last update, model version.");
        return app;
    }

    /// <summary>
    /// A warm twin returns the same forecast object until something changes; its rendered JSON
    /// (the curve with bands is most of the cost of a request) is kept with it and dropped with it.
    /// </summary>
    static readonly ConditionalWeakTable<TwinForecast, byte[]> Rendered = new();

    /// <param name="eol_threshold">End of life: a fraction of the initial capacity (default 0.8) or a capacity such as 0.88Ah.</param>
    static async Task<Results<FileContentHttpResult, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>, ValidationProblem>> GetForecast(
        string id, string? eol_threshold, IGrainFactory grains, IOptions<JsonOptions> json, CancellationToken ct)
    {
        EolThreshold threshold;
        try
        {
            threshold = eol_threshold is null ? EolThreshold.Default : EolThreshold.Parse(eol_threshold);
        }
        catch (FormatException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["eol_threshold"] = [e.Message] });
        }
        try
        {
            var forecast = await grains.GetGrain<ICellGrain>(id).ForecastAsync(threshold, ct);
            var body = Rendered.GetValue(forecast, f => JsonSerializer.SerializeToUtf8Bytes(CellForecastResponse.From(id, f, threshold), json.Value.SerializerOptions));
            return TypedResults.Bytes(body, "application/json");
        }
        catch (UnknownCellException)
        {
            return UnknownCell(id);
        }
        catch (ArgumentException e) when (eol_threshold is not null)
        {
            // The message without its " (Parameter 'x')" suffix, which names code, not the query.
            var message = e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["eol_threshold"] = [$"{message} Give a capacity below the cell's reference capacity (GET /api/cells/{id}/twin shows it), or a fraction such as 0.8."],
            });
        }
    }

    static async Task<Results<Ok<CellTwinResponse>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>>> GetTwin(string id, IGrainFactory grains, CancellationToken ct)
    {
        try
        {
            var s = await grains.GetGrain<ICellGrain>(id).GetStateAsync(ct);
            return TypedResults.Ok(new CellTwinResponse(id, s.CyclesObserved, s.LastCycle, s.ReferenceCapacityAh, s.SohNow,
                s.Eol80 is { } eol && s.Exponent is { } b ? new FadeLawDto(Math.Round(eol, 1), Math.Round(b, 3), Math.Round(s.NoiseSd ?? 0, 5)) : null,
                s.EolP50, s.EolLo90, s.EolHi90, s.DataWeight, s.EndOfLifeReached,
                s.Anomalies.Select(a => new AnomalyDto(a.Kind, a.Cycle, a.Detail)).ToArray(), s.ModelVersion, s.FittedAt, s.LastDataAt));
        }
        catch (UnknownCellException)
        {
            return UnknownCell(id);
        }
    }

    public const int DefaultCyclePage = 1000, MaxCyclePage = 10_000, DefaultSeriesPoints = 2000, MaxSeriesPoints = 20_000;

    /// <param name="after">Cycles after this cycle number (the previous page's 'next').</param>
    /// <param name="limit">Cycles per page, 1–10000 (1000 by default).</param>
    static async Task<Results<Ok<CellCyclesResponse>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>, ValidationProblem>> GetCycles(
        string id, string? after, string? limit, ICellStore cells, ICycleStore cycles, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var afterCycle = int.MinValue;
        if (after is not null && !int.TryParse(after, out afterCycle)) errors["after"] = [$"must be a cycle number (the 'next' of the previous page); got '{after}'."];
        var pageSize = DefaultCyclePage;
        if (limit is not null && (!int.TryParse(limit, out pageSize) || pageSize is < 1 or > MaxCyclePage))
            errors["limit"] = [$"must be a whole number between 1 and {MaxCyclePage}; got '{limit}'."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The cycle page query is not valid.");
        if (await cells.GetCellAsync(id, ct) is null) return UnknownCell(id);
        // One more than asked tells whether a next page exists.
        var rows = await cycles.ReadCyclesPageAsync(id, afterCycle, pageSize + 1, ct);
        var shown = rows.Take(pageSize).Select(r => new StoredCycleDto(r.Cycle, r.DischargeCapacityAh, r.ChargeCapacityAh,
            r.EnergyWh, r.TemperatureC, r.InternalResistanceOhm, r.Timestamp)).ToArray();
        return TypedResults.Ok(new CellCyclesResponse(id, shown, rows.Count > pageSize ? shown[^1].Cycle : null));
    }

    /// <param name="points">Most points returned, 4–20000 (2000 by default).</param>
    static async Task<Results<Ok<CycleSeriesResponse>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>, ValidationProblem>> GetSeries(
        string id, string? points, ICellStore cells, ICycleStore cycles, CancellationToken ct)
    {
        var max = DefaultSeriesPoints;
        if (points is not null && (!int.TryParse(points, out max) || max < CycleSeries.MinPoints || max > MaxSeriesPoints))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["points"] = [$"must be a whole number between {CycleSeries.MinPoints} and {MaxSeriesPoints}; got '{points}'."],
            }, title: "The series query is not valid.");
        if (await cells.GetCellAsync(id, ct) is null) return UnknownCell(id);
        var series = await cycles.ReadCycleSeriesAsync(id, max, ct);
        var stored = await cycles.CountCyclesAsync(id, ct);
        return TypedResults.Ok(new CycleSeriesResponse(id, stored, series.Select(p => new CyclePointDto(p.Cycle, p.DischargeCapacityAh)).ToArray()));
    }

    static NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails> UnknownCell(string id) => TypedResults.NotFound(new Microsoft.AspNetCore.Mvc.ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Unknown cell.",
        Detail = $"No cell '{id}' is registered. Register it with PUT /api/cells/{id} first.",
    });
}
