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
            .WithSummary("The stored cycles behind the twin, in cycle order.");
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
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["eol_threshold"] = [e.Message] });
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

    static async Task<Results<Ok<CellCyclesResponse>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>>> GetCycles(
        string id, ICellStore cells, ICycleStore cycles, CancellationToken ct)
    {
        if (await cells.GetCellAsync(id, ct) is null) return UnknownCell(id);
        var rows = await cycles.ReadCyclesAsync(id, ct);
        return TypedResults.Ok(new CellCyclesResponse(id, rows.Select(r => new StoredCycleDto(r.Cycle, r.DischargeCapacityAh, r.ChargeCapacityAh,
            r.EnergyWh, r.TemperatureC, r.InternalResistanceOhm, r.Timestamp)).ToArray()));
    }

    static NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails> UnknownCell(string id) => TypedResults.NotFound(new Microsoft.AspNetCore.Mvc.ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Unknown cell.",
        Detail = $"No cell '{id}' is registered. Register it with PUT /api/cells/{id} first.",
    });
}
