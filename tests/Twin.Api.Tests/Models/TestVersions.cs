using System.Text.Json.Nodes;
using Twin.Storage;
using Twin.Tests.Shared;

namespace Twin.Api.Tests.Models;

/// <summary>
/// Registry versions without a training run: the shipped model's own ONNX bytes under another
/// version name (its card says so), with a gate report that passed or failed. The registry and the
/// servers load them exactly as they load a retrained version.
/// </summary>
internal static class TestVersions
{
    public static (ModelVersionRow Row, byte[] Onnx) CopyOfShipped(string version, bool gatesPassed)
    {
        var onnx = File.ReadAllBytes(Path.Combine(RepoPaths.Models, "twin-design.onnx"));
        var card = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Models, "twin-design.card.json")))!.AsObject();
        var parent = card["version"]!.GetValue<string>();
        card["version"] = version;
        var gates = new JsonObject
        {
            ["passed"] = gatesPassed,
            ["gates"] = new JsonArray(new JsonObject
            {
                ["name"] = "held_out_eol_error", ["passed"] = gatesPassed, ["value"] = gatesPassed ? 0.2 : 0.9, ["limit"] = 0.3, ["detail"] = "a test version",
            }),
            ["parent_version"] = parent, ["started_by"] = "test", ["store_cells"] = 0, ["store_finished"] = 0, ["store_censored"] = 0,
            ["store_cells_by_fleet"] = new JsonObject(),
        };
        return (new ModelVersionRow(version, DateTimeOffset.UtcNow, card["data_hash"]!.GetValue<string>(), parent, "test", null, gatesPassed,
            card.ToJsonString(), gates.ToJsonString()), onnx);
    }

    public static async Task AddAsync(IModelRegistryStore registry, string version, bool gatesPassed)
    {
        var (row, onnx) = CopyOfShipped(version, gatesPassed);
        Assert.True(await registry.AddModelVersionAsync(row, onnx));
    }
}
