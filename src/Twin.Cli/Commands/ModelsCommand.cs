using System.CommandLine;
using System.Text.Json;

namespace Twin.Cli.Commands;

/// <summary>
/// `twin retrain --server URL [--wait]` and `twin models list|show VERSION --server URL`: the
/// server's retraining and model-version API (docs/retraining.md), printed as it answers.
/// </summary>
internal static class ModelsCommand
{
    static Option<string> Server() => new("--server") { Description = "The running Twin server, e.g. http://127.0.0.1:5080.", Required = true };

    public static Command CreateRetrain()
    {
        var server = Server();
        var wait = new Option<bool>("--wait") { Description = "Follow the job until it ends, printing its log; exit 1 when it does not succeed." };
        var command = new Command("retrain", "Start a retraining job on the server (shipped data plus every cell in its store).") { server, wait };
        command.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            using var http = Client(parse.GetValue(server)!);
            var (status, job) = await SendAsync(http, HttpMethod.Post, "/api/models/retrain", ct);
            if (status != 202) return await FailAsync(status, job);
            var id = job.GetProperty("id").GetString()!;
            Console.WriteLine($"started {id}");
            if (!parse.GetValue(wait)) return 0;
            var printed = 0;
            while (true)
            {
                (_, job) = await SendAsync(http, HttpMethod.Get, $"/api/models/jobs/{id}", ct);
                var log = job.GetProperty("log").EnumerateArray().Select(l => l.GetString()).ToArray();
                foreach (var line in log.Skip(printed)) Console.WriteLine(line);
                printed = log.Length;
                var state = job.GetProperty("state").GetString();
                if (state is not ("queued" or "running"))
                {
                    Console.WriteLine($"{state}: version {Str(job, "version")}");
                    return state == "succeeded" ? 0 : 1;
                }
                await Task.Delay(1000, ct);
            }
        }));
        return command;
    }

    public static Command CreateModels()
    {
        var listServer = Server();
        var list = new Command("list", "The serving version and every trained version.") { listServer };
        list.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            using var http = Client(parse.GetValue(listServer)!);
            var (status, body) = await SendAsync(http, HttpMethod.Get, "/api/models", ct);
            if (status != 200) return await FailAsync(status, body);
            Console.WriteLine($"serving {body.GetProperty("serving").GetString()}");
            foreach (var v in body.GetProperty("versions").EnumerateArray())
                Console.WriteLine($"{v.GetProperty("version").GetString()}  created {v.GetProperty("created_at").GetString()}  gates {Str(v, "gates_passed")}  parent {Str(v, "parent")}{(v.GetProperty("serving").GetBoolean() ? "  (serving)" : "")}");
            return 0;
        }));
        var showServer = Server();
        var version = new Argument<string>("version") { Description = "A version from `twin models list`." };
        var show = new Command("show", "One version's card and gate report, as JSON.") { showServer, version };
        show.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            using var http = Client(parse.GetValue(showServer)!);
            var (status, body) = await SendAsync(http, HttpMethod.Get, $"/api/models/{Uri.EscapeDataString(parse.GetValue(version)!)}", ct);
            if (status != 200) return await FailAsync(status, body);
            Console.WriteLine(JsonSerializer.Serialize(body, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }));
        return new Command("models", "Model versions on a running server.") { list, show };
    }

    static HttpClient Client(string server) =>
        Uri.TryCreate(server, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromMinutes(2) }
            : throw new FormatException($"--server must be an http(s) URL such as http://127.0.0.1:5080; got '{server}'.");

    static async Task<(int Status, JsonElement Body)> SendAsync(HttpClient http, HttpMethod method, string path, CancellationToken ct)
    {
        try
        {
            using var response = await http.SendAsync(new HttpRequestMessage(method, path), ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            try { return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone()); }
            catch (JsonException) { throw new InvalidOperationException($"the server at {http.BaseAddress} answered {(int)response.StatusCode} without JSON; is it a Twin server?"); }
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException($"cannot reach the Twin server at {http.BaseAddress}: {e.Message}; is it running?");
        }
    }

    static async Task<int> FailAsync(int status, JsonElement problem)
    {
        await Console.Error.WriteLineAsync($"error: the server answered {status} {Str(problem, "title")}: {Str(problem, "detail")}");
        return status is >= 400 and < 500 ? 2 : 1;
    }

    static string Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "-";
}
