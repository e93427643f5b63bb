using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Twin.Ml.Models;
using Twin.Storage;

namespace Twin.Api.Models;

/// <summary>Model versions and retraining: start a job, follow it, cancel it, list and read the versions, promote and roll back.</summary>
public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModels(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/models").WithTags("Models");
        group.MapPost("/retrain", Retrain).WithName("RetrainModel")
            .WithSummary("Starts a retraining job on the shipped data plus every cell in the store (one job at a time in the cluster); 202 with the job, 409 when one is running.");
        group.MapGet("/jobs", ListJobs).WithName("ListRetrainJobs")
            .WithSummary("The newest retraining jobs first (a job whose server was killed shows as failed).");
        group.MapGet("/jobs/{id}", GetJob).WithName("GetRetrainJob")
            .WithSummary("A retraining job: state, stage, percent, log lines, timings, and the version it wrote.");
        group.MapDelete("/jobs/{id}", CancelJob).WithName("CancelRetrainJob")
            .WithSummary("Cancels a queued or running job (on whichever silo runs it); the serving model is untouched.");
        group.MapGet("", List).WithName("ListModels")
            .WithSummary("The serving model version and every trained version, newest first, with its gate result, and the latest serving changes.");
        group.MapGet("/{version}", Show).WithName("GetModel")
            .WithSummary("One version's card (data hash, hyper-parameters, metrics, calibration), gate report and files.");
        group.MapPost("/{version}/promote", Promote).WithName("PromoteModel")
            .WithSummary("Serves this version on every silo (at once on this one, within Twin:Models:PollInterval on the others); only a version whose gates passed, or the shipped model.");
        group.MapPost("/{version}/rollback", Rollback).WithName("RollbackModel")
            .WithSummary("Takes the serving version out of service and serves the version it replaced.");
        return app;
    }

    static async Task<Results<Accepted<RetrainJobDto>, Conflict<ProblemDetails>>> Retrain(RetrainJobs jobs, HttpContext http, CancellationToken ct)
    {
        var (job, started) = await jobs.QueueAsync(Who(http), ct);
        if (!started)
            return TypedResults.Conflict(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "A retraining job is already running.",
                Detail = $"Job {job.Id} is {job.State}; follow it at /api/models/jobs/{job.Id} or cancel it with DELETE there.",
                Extensions = { ["job_id"] = job.Id },
            });
        return TypedResults.Accepted($"/api/models/jobs/{job.Id}", job);
    }

    static async Task<Ok<IReadOnlyList<RetrainJobDto>>> ListJobs(RetrainJobs jobs, CancellationToken ct) =>
        TypedResults.Ok(await jobs.ListAsync(50, ct));

    static async Task<Results<Ok<RetrainJobDto>, NotFound<ProblemDetails>>> GetJob(string id, RetrainJobs jobs, CancellationToken ct) =>
        await jobs.GetAsync(id, ct) is { } job ? TypedResults.Ok(job) : UnknownJob(id);

    static async Task<Results<Accepted<RetrainJobDto>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> CancelJob(string id, RetrainJobs jobs, CancellationToken ct)
    {
        switch (await jobs.CancelAsync(id, ct))
        {
            case null: return UnknownJob(id);
            case false:
                var job = await jobs.GetAsync(id, ct);
                return TypedResults.Conflict(new ProblemDetails
                {
                    Status = StatusCodes.Status409Conflict,
                    Title = "The job has finished.",
                    Detail = $"Job {id} is {job?.State}; there is nothing to cancel.",
                });
            default:
                return TypedResults.Accepted($"/api/models/jobs/{id}", await jobs.GetAsync(id, ct));
        }
    }

    static async Task<Ok<ModelListDto>> List(ModelVersions versions, ServingModel serving, IModelRegistryStore registry, CancellationToken ct)
    {
        var changes = await registry.ListServingChangesAsync(20, ct);
        var current = changes.FirstOrDefault()?.Version ?? serving.Shipped.Version; // the newest change is the model in force
        var rows = (await versions.ListAsync(ct)).Select(v => new ModelVersionDto(v.Version, v.Card.CreatedAt, v.Card.DataHash, v.GatesPassed, v.Row.ParentVersion,
            v.Row.StartedBy, v.Version == current, false)).ToList();
        rows.Add(new ModelVersionDto(serving.Shipped.Version, serving.Shipped.CreatedAt, serving.Shipped.DataHash, null, null, null, serving.Shipped.Version == current, true));
        var history = changes.Select(ServingChangeDto.From).ToArray();
        return TypedResults.Ok(new ModelListDto(current, serving.Card.Version, rows, history));
    }

    static async Task<Results<Ok<ModelDetailDto>, NotFound<ProblemDetails>>> Show(string version, ModelVersions versions, ServingModel serving, ModelPromotion promotion, CancellationToken ct)
    {
        var current = await promotion.ServingVersionAsync(ct);
        if (version == serving.Shipped.Version)
            return TypedResults.Ok(new ModelDetailDto(version, version == current, Json(serving.Shipped), null, ["(the shipped model, Twin:ModelDirectory)"]));
        if (await versions.ReadAsync(version, ct) is not { } v) return UnknownVersion(version);
        return TypedResults.Ok(new ModelDetailDto(version, version == current, Json(v.Card), v.Gates, versions.Files(version)));
    }

    static async Task<Results<Ok<ServingChangeDto>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Promote(string version, ModelPromotion promotion, HttpContext http, CancellationToken ct) =>
        Outcome(await promotion.PromoteAsync(version, Who(http), ModelPromotion.Promote, ct));

    static async Task<Results<Ok<ServingChangeDto>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Rollback(string version, ModelPromotion promotion, HttpContext http, CancellationToken ct) =>
        Outcome(await promotion.RollbackAsync(version, Who(http), ct));

    static Results<Ok<ServingChangeDto>, NotFound<ProblemDetails>, Conflict<ProblemDetails>> Outcome(PromotionOutcome outcome)
    {
        if (outcome.Change is { } c) return TypedResults.Ok(ServingChangeDto.From(c));
        var problem = new ProblemDetails { Status = outcome.Status, Title = outcome.Title, Detail = outcome.Detail };
        return outcome.Status == StatusCodes.Status404NotFound ? TypedResults.NotFound(problem) : TypedResults.Conflict(problem);
    }

    /// <summary>Who asked, as the registry records it: the API key's name and id, or the local user of a server without keys.</summary>
    static string Who(HttpContext http) =>
        Security.Access.AccessControl.IdentityOf(http) is { } key ? $"key {key.Name} ({key.KeyId})" : "local (no API keys)";

    /// <summary>The card as written to disk (its own JSON settings: it may hold infinite bounds the API's settings refuse).</summary>
    static System.Text.Json.JsonElement Json(ModelCard card) => System.Text.Json.JsonSerializer.SerializeToElement(card, ModelCard.Json);

    static NotFound<ProblemDetails> UnknownJob(string id) => TypedResults.NotFound(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Unknown retraining job.",
        Detail = $"No retraining job '{id}'. GET /api/models/jobs lists them.",
    });

    static NotFound<ProblemDetails> UnknownVersion(string version) => TypedResults.NotFound(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Unknown model version.",
        Detail = $"No model version '{version}'. GET /api/models lists them.",
    });
}

public sealed record ModelListDto(
    [property: JsonPropertyName("serving")] string Serving,
    [property: JsonPropertyName("serving_on_this_silo")] string ServingOnThisSilo,
    [property: JsonPropertyName("versions")] IReadOnlyList<ModelVersionDto> Versions,
    [property: JsonPropertyName("serving_history")] IReadOnlyList<ServingChangeDto> ServingHistory);

public sealed record ServingChangeDto(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("previous_version")] string? PreviousVersion,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("changed_by")] string? ChangedBy,
    [property: JsonPropertyName("changed_at")] DateTimeOffset ChangedAt)
{
    public static ServingChangeDto From(ServingChange c) => new(c.Version, c.PreviousVersion, c.Action, c.ChangedBy, c.ChangedAt);
}

public sealed record ModelVersionDto(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("data_hash")] string DataHash,
    [property: JsonPropertyName("gates_passed")] bool? GatesPassed,
    [property: JsonPropertyName("parent")] string? Parent,
    [property: JsonPropertyName("started_by")] string? StartedBy,
    [property: JsonPropertyName("serving")] bool Serving,
    [property: JsonPropertyName("shipped")] bool Shipped);

public sealed record ModelDetailDto(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("serving")] bool Serving,
    [property: JsonPropertyName("card")] System.Text.Json.JsonElement Card,
    [property: JsonPropertyName("gates")] GateReport? Gates,
    [property: JsonPropertyName("files")] IReadOnlyList<string> Files);
