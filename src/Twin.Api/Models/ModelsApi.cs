using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Twin.Ml.Models;
using Twin.Ml.Prediction;

namespace Twin.Api.Models;

/// <summary>Model versions and retraining: start a job, follow it, cancel it, list and read the versions it wrote.</summary>
public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModels(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/models").WithTags("Models");
        group.MapPost("/retrain", Retrain).WithName("RetrainModel")
            .WithSummary("Starts a retraining job on the shipped data plus every cell in the store (one job at a time); 202 with the job, 409 when one is running.");
        group.MapGet("/jobs/{id}", GetJob).WithName("GetRetrainJob")
            .WithSummary("A retraining job: state, stage, percent, log lines, timings, and the version it wrote.");
        group.MapDelete("/jobs/{id}", CancelJob).WithName("CancelRetrainJob")
            .WithSummary("Cancels a queued or running job; the serving model is untouched.");
        group.MapGet("", List).WithName("ListModels")
            .WithSummary("The serving model version and every trained version, newest first, with its gate result.");
        group.MapGet("/{version}", Show).WithName("GetModel")
            .WithSummary("One version's card (data hash, hyper-parameters, metrics, calibration), gate report and files.");
        return app;
    }

    static Results<Accepted<RetrainJobDto>, Conflict<ProblemDetails>> Retrain(RetrainJobs jobs, HttpContext http)
    {
        var (job, started) = jobs.Start(http.User.Identity?.Name);
        if (!started)
            return TypedResults.Conflict(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "A retraining job is already running.",
                Detail = $"Job {job.Id} is {job.State}; follow it at /api/models/jobs/{job.Id} or cancel it with DELETE there.",
                Extensions = { ["job_id"] = job.Id },
            });
        return TypedResults.Accepted($"/api/models/jobs/{job.Id}", job.Snapshot());
    }

    static Results<Ok<RetrainJobDto>, NotFound<ProblemDetails>> GetJob(string id, RetrainJobs jobs) =>
        jobs.Get(id) is { } job ? TypedResults.Ok(job.Snapshot()) : UnknownJob(id);

    static Results<Accepted<RetrainJobDto>, NotFound<ProblemDetails>, Conflict<ProblemDetails>> CancelJob(string id, RetrainJobs jobs)
    {
        if (jobs.Get(id) is not { } job) return UnknownJob(id);
        if (!jobs.Cancel(id))
            return TypedResults.Conflict(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "The job has finished.",
                Detail = $"Job {id} is {job.State}; there is nothing to cancel.",
            });
        return TypedResults.Accepted($"/api/models/jobs/{id}", job.Snapshot());
    }

    static Ok<ModelListDto> List(ModelVersions versions, IDesignModelSource serving) =>
        TypedResults.Ok(new ModelListDto(serving.Current.Card.Version,
            versions.List().Select(v => new ModelVersionDto(v.Version, v.Card.CreatedAt, v.Card.DataHash, v.Gates?.Passed, v.Gates?.ParentVersion,
                v.Gates?.StartedBy, v.Version == serving.Current.Card.Version)).ToArray()));

    static Results<Ok<ModelDetailDto>, NotFound<ProblemDetails>> Show(string version, ModelVersions versions, IDesignModelSource serving)
    {
        if (version == serving.Current.Card.Version && versions.Read(version) is null)
            return TypedResults.Ok(new ModelDetailDto(version, true, Json(serving.Current.Card), null, ["(the shipped model, Twin:ModelDirectory)"]));
        if (versions.Read(version) is not { } v)
            return TypedResults.NotFound(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "Unknown model version.",
                Detail = $"No model version '{version}'. GET /api/models lists them.",
            });
        var files = Directory.EnumerateFiles(Path.Combine(versions.Root, version)).Select(Path.GetFileName).OfType<string>().Order().ToArray();
        return TypedResults.Ok(new ModelDetailDto(version, version == serving.Current.Card.Version, Json(v.Card), v.Gates, files));
    }

    /// <summary>The card as written to disk (its own JSON settings: it may hold infinite bounds the API's settings refuse).</summary>
    static System.Text.Json.JsonElement Json(ModelCard card) => System.Text.Json.JsonSerializer.SerializeToElement(card, ModelCard.Json);

    static NotFound<ProblemDetails> UnknownJob(string id) => TypedResults.NotFound(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Unknown retraining job.",
        Detail = $"No retraining job '{id}' on this server (jobs are kept in memory until the server restarts).",
    });
}

public sealed record ModelListDto(
    [property: JsonPropertyName("serving")] string Serving,
    [property: JsonPropertyName("versions")] IReadOnlyList<ModelVersionDto> Versions);

public sealed record ModelVersionDto(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("data_hash")] string DataHash,
    [property: JsonPropertyName("gates_passed")] bool? GatesPassed,
    [property: JsonPropertyName("parent")] string? Parent,
    [property: JsonPropertyName("started_by")] string? StartedBy,
    [property: JsonPropertyName("serving")] bool Serving);

public sealed record ModelDetailDto(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("serving")] bool Serving,
    [property: JsonPropertyName("card")] System.Text.Json.JsonElement Card,
    [property: JsonPropertyName("gates")] GateReport? Gates,
    [property: JsonPropertyName("files")] IReadOnlyList<string> Files);
