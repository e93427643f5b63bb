using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Twin.Storage;
using Twin.Api.Tests.Cells;

namespace Twin.Api.Tests.Security;

/// <summary>
/// Every endpoint that reads a body, fed a valid body mutated at random (bytes flipped, cut,
/// tokens spliced in: deep nesting, huge numbers, NUL, wrong types) and random bytes: the answer
/// must be 2xx or 4xx, never 5xx, and come within 10 s. Seeded, so a failure replays; bounded to
/// 150 cases per endpoint to keep the suite fast.
/// </summary>
public sealed class JsonFuzzTests : IDisposable
{
    const int Cases = 150;
    readonly TwinApiFactory _factory = new();
    readonly HttpClient _client;

    public JsonFuzzTests()
    {
        _client = _factory.CreateClient();
        _client.Timeout = TimeSpan.FromSeconds(10); // a hang fails the test instead of the suite
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    const string Design = """{"electrode":"Si nanoparticles","coating":"Al2O3","coating_thickness_nm":2,"electrolyte":"LiPF6 in EC/DEC","current_mA_g":200,"cycles":[100,300]}""";

    public static TheoryData<string, string, string, string> Endpoints => new()
    {
        { "PUT", "/api/cells/fz-{n}", "application/json", CellsClient.CellBody(tags: """{"fleet":"A","batch":"7"}""") },
        { "POST", "/api/cells/fz/cycles", "application/json", CellsClient.Cycles(CellsClient.Cycle(1, 0.2), CellsClient.Cycle(2, 0.199)) },
        { "POST", "/api/cycles", "application/x-ndjson", "{\"cell_id\":\"fz\",\"cycle\":3,\"discharge_capacity_Ah\":0.198}\n{\"cell_id\":\"fz\",\"cycle\":4,\"discharge_capacity_Ah\":0.197}\n" },
        { "POST", "/api/cycles", "text/csv", "cell_id,cycle,discharge_capacity_Ah\nfz,5,0.196\nfz,6,0.195\n" },
        { "POST", "/api/forecasts/design", "application/json", Design },
        { "POST", "/api/forecasts/design/batch", "application/json", $$"""{"designs":[{{Design}},{{Design}}]}""" },
        { "POST", "/api/keys", "application/json", """{"name":"fuzz","role":"reader"}""" },
    };

    static readonly string[] Splices =
    [
        "{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1", "0", "1e309", "-1e309", "NaN", "9999999999999999999999",
        "\\u0000", "\\ud800", "\"\"", "{}", "[]", new string('[', 2000), new string('x', 5000), "\"cycle\":1.5", "\"discharge_capacity_Ah\":\"1\"",
    ];

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task MutatedBodiesNeverGive5xx(string method, string path, string contentType, string valid)
    {
        await _client.Register("fz");
        // With a key, as a lab exposing Twin would run it (and /api/keys may create keys without locking the test out).
        var key = (await _factory.Services.GetRequiredService<IApiKeyStore>().CreateApiKeyAsync("fuzz-admin", "admin", TimeProvider.System)).Key;
        _factory.Services.GetRequiredService<Twin.Api.Security.Access.ApiKeyAuthenticator>().Forget();
        _client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var rng = new Random(HashCode.Combine(method.Length, path.Length, contentType.Length, valid.Length));
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        for (var n = 0; n < Cases; n++)
        {
            var body = Mutate(valid, rng);
            using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{n}", n.ToString()))
            {
                Content = new ByteArrayContent(body) { Headers = { { "Content-Type", contentType } } },
            };
            using var response = await _client.SendAsync(request);
            if ((int)response.StatusCode >= 500)
                failures.Add($"case {n}: {(int)response.StatusCode} for {Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)])}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
        // Still serving normally afterwards.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _client.GetAsync("/api/cells/fz")).StatusCode);
    }

    static byte[] Mutate(string valid, Random rng)
    {
        switch (rng.Next(5))
        {
            case 0: // random bytes
                var random = new byte[rng.Next(0, 2048)];
                rng.NextBytes(random);
                return random;
            case 1: // cut
                return Encoding.UTF8.GetBytes(valid[..rng.Next(valid.Length + 1)]);
            default: // flips and splices
                var text = new StringBuilder(valid);
                for (int k = 1 + rng.Next(4); k > 0; k--)
                {
                    var at = rng.Next(text.Length + 1);
                    if (rng.Next(3) == 0 && text.Length > 0)
                        text[Math.Min(at, text.Length - 1)] = (char)rng.Next(1, 128);
                    else
                        text.Insert(at, Splices[rng.Next(Splices.Length)]);
                }
                return Encoding.UTF8.GetBytes(text.ToString());
        }
    }
}
