using System.Net;
using System.Text;
using System.Text.Json;

namespace Twin.Api.Tests.Cells;

/// <summary>Small helpers over a client of one <see cref="TwinApiFactory"/>: send, and read the body as JSON.</summary>
internal static class CellsClient
{
    public const string Design = "\"electrode\":\"Si nanoparticles\",\"coating\":\"Al2O3\",\"coating_thickness_nm\":2,\"electrolyte\":\"LiPF6 in EC/DEC\",\"current_mA_g\":200";

    public static string CellBody(string tags = """{"fleet":"A"}""", double? nominal = 1.1) =>
        $$"""{{{Design}},{{(nominal is { } n ? $"\"nominal_capacity_Ah\":{n}," : "")}}"tags":{{tags}}}""";

    public static async Task<(HttpStatusCode Status, JsonElement Body)> Send(this HttpClient client, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static Task<(HttpStatusCode Status, JsonElement Body)> Json(this HttpClient client, HttpMethod method, string path, string json) =>
        client.Send(method, path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task Register(this HttpClient client, string id, string? body = null)
    {
        var (status, problem) = await client.Json(HttpMethod.Put, $"/api/cells/{id}", body ?? CellBody());
        Assert.True(status == HttpStatusCode.Created, problem.ToString());
    }

    public static string Cycles(params string[] cycles) => $$"""{"cycles":[{{string.Join(",", cycles)}}]}""";

    public static string Cycle(int n, double ah) => $$"""{"cycle":{{n}},"discharge_capacity_Ah":{{ah.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""";

    public static async Task<long> StoredCycles(this HttpClient client, string id)
    {
        var (status, body) = await client.Send(HttpMethod.Get, $"/api/cells/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        return body.GetProperty("cycles_stored").GetInt64();
    }
}
