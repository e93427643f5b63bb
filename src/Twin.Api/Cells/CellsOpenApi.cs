using Microsoft.OpenApi;
using Twin.Import;

namespace Twin.Api.Cells;

/// <summary>
/// Request bodies the handlers read themselves (a multipart upload, a CSV/NDJSON stream), so the
/// OpenAPI generator cannot infer them, described for the document and the API page.
/// </summary>
internal static class CellsOpenApi
{
    public static RouteHandlerBuilder WithCyclerFileBody(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "A cycler export as the part 'file'; optionally 'format' first (or ?format=) to skip detection.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { CellFilesApi.FileField },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                [CellFilesApi.FormatField] = new OpenApiSchema
                                {
                                    Type = JsonSchemaType.String,
                                    Description = $"The export's format, to skip detection: {CyclerFormats.SupportedList}.",
                                },
                                [CellFilesApi.FileField] = new OpenApiSchema
                                {
                                    Type = JsonSchemaType.String, Format = "binary",
                                    Description = "The export file (Arbin, Maccor, Neware, BioLogic, Novonix, BaSyTec, PEC, BatteryArchive, generic CSV).",
                                },
                            },
                        },
                    },
                },
            };
            return Task.CompletedTask;
        });

    public static RouteHandlerBuilder WithCycleStreamBody(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "Cycles of many cells, one per line: CSV with a header (cell_id, cycle, discharge_capacity_Ah, then optional "
                              + "charge_capacity_Ah, energy_Wh, temperature_C, internal_resistance_ohm, timestamp), or NDJSON objects with the same fields.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [CellCyclesApi.Csv] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String }, Example = System.Text.Json.Nodes.JsonValue.Create("cell_id,cycle,discharge_capacity_Ah\nc1,1,1.05\nc1,2,1.04\n") },
                    [CellCyclesApi.Ndjson] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String }, Example = System.Text.Json.Nodes.JsonValue.Create("{\"cell_id\":\"c1\",\"cycle\":1,\"discharge_capacity_Ah\":1.05}\n") },
                },
            };
            return Task.CompletedTask;
        });
}
