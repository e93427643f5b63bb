using System.CommandLine;
using System.Text.Json;
using Twin.Cli.Server;

namespace Twin.Cli.Commands;

/// <summary>
/// `twin retrain [--wait]` and `twin models list|show|promote|rollback|jobs`: the server's
/// retraining and model-version API (docs/retraining.md), printed as it answers. Promotion,
/// rollback and retraining need an admin key when the server has keys.
/// </summary>
internal static class ModelsCommand
{
    public static Command CreateRetrain()
    {
        var (server, key) = (ServerOptions.Url(), ServerOptions.ApiKey());
        var wait = new Option<bool>("--wait") { Description = "Follow the job until it ends, printing its log; exit 1 when it does not succeed." };
        var command = new Command("retrain", "Start a retraining job on the server (shipped data plus every cell in its store).") { server, key, wait };
        command.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            using var client = ServerOptions.Client(parse.GetValue(server)!, parse.GetValue(key));
            var job = await client.PostAsync("api/models/retrain", new StringContent(""), ct);
            var id = job.GetProperty("id").GetString()!;
            Console.WriteLine($"started {id}");
            if (!parse.GetValue(wait)) return 0;
            var printed = 0;
            while (true)
            {
                job = await client.GetAsync($"api/models/jobs/{TwinServerClient.Segment(id)}", ct);
                var log = job.GetProperty("log").EnumerateArray().Select(l => l.GetString()).ToArray();
                foreach (var line in log.Skip(printed)) Console.WriteLine(line);
                printed = log.Length;
                var state = job.GetProperty("state").GetString();
                if (state is not ("queued" or "running"))
                {
                    Console.WriteLine($"{state}: version {Str(job, "version")}{(state == "succeeded" ? "" : $" ({Str(job, "error")})")}");
                    return state == "succeeded" ? 0 : 1;
                }
                await Task.Delay(1000, ct);
            }
        }));
        return command;
    }

    public static Command CreateModels() => new("models", "Model versions on a running server: list, show, promote, roll back, and the retraining jobs.")
    {
        List(), Show(), Promote(), Rollback(), Jobs(),
    };

    static Command List() => ServerCommand("list", "The serving version, every version (trained and shipped) and the latest serving changes.", [], async (client, _, ct) =>
    {
        var body = await client.GetAsync("api/models", ct);
        Console.WriteLine($"serving {body.GetProperty("serving").GetString()}");
        foreach (var v in body.GetProperty("versions").EnumerateArray())
            Console.WriteLine($"{v.GetProperty("version").GetString()}  created {v.GetProperty("created_at").GetString()}  " +
                              (v.GetProperty("shipped").GetBoolean() ? "shipped" : $"gates {(v.GetProperty("gates_passed").GetBoolean() ? "passed" : "FAILED")}  parent {Str(v, "parent")}") +
                              (v.GetProperty("serving").GetBoolean() ? "  (serving)" : ""));
        foreach (var c in body.GetProperty("serving_history").EnumerateArray())
            Console.WriteLine($"{c.GetProperty("changed_at").GetString()}  {c.GetProperty("action").GetString()} {c.GetProperty("version").GetString()} (was {Str(c, "previous_version")}) by {Str(c, "changed_by")}");
        return 0;
    });

    static Command Show()
    {
        var version = VersionArgument();
        return ServerCommand("show", "One version's card and gate report, as JSON.", [version], async (client, parse, ct) =>
        {
            var body = await client.GetAsync($"api/models/{TwinServerClient.Segment(parse.GetValue(version)!)}", ct);
            Console.WriteLine(JsonSerializer.Serialize(body, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        });
    }

    static Command Promote()
    {
        var version = VersionArgument();
        return ServerCommand("promote", "Serve this version on every silo (its gates must have passed).", [version], async (client, parse, ct) =>
        {
            var change = await client.PostAsync($"api/models/{TwinServerClient.Segment(parse.GetValue(version)!)}/promote", new StringContent(""), ct);
            Console.WriteLine($"{change.GetProperty("version").GetString()} serves (was {Str(change, "previous_version")})");
            return 0;
        });
    }

    static Command Rollback()
    {
        var version = VersionArgument();
        return ServerCommand("rollback", "Take the serving version out of service and serve the one it replaced.", [version], async (client, parse, ct) =>
        {
            var change = await client.PostAsync($"api/models/{TwinServerClient.Segment(parse.GetValue(version)!)}/rollback", new StringContent(""), ct);
            Console.WriteLine($"rolled back {Str(change, "previous_version")}: {change.GetProperty("version").GetString()} serves");
            return 0;
        });
    }

    static Command Jobs() => ServerCommand("jobs", "The newest retraining jobs: state, stage, version or error.", [], async (client, _, ct) =>
    {
        foreach (var j in (await client.GetAsync("api/models/jobs", ct)).EnumerateArray())
            Console.WriteLine($"{j.GetProperty("id").GetString()}  {j.GetProperty("state").GetString()}  {j.GetProperty("stage").GetString()} {j.GetProperty("percent").GetInt32()}%  " +
                              $"version {Str(j, "version")}  by {Str(j, "started_by")}{(Str(j, "error") is var e && e != "-" ? "  error: " + e : "")}");
        return 0;
    });

    static Argument<string> VersionArgument() => new("version") { Description = "A version from `twin models list`." };

    /// <summary>A subcommand with --server and --api-key that runs <paramref name="run"/> with a client.</summary>
    static Command ServerCommand(string name, string description, Argument[] arguments, Func<TwinServerClient, ParseResult, CancellationToken, Task<int>> run)
    {
        var (server, key) = (ServerOptions.Url(), ServerOptions.ApiKey());
        var command = new Command(name, description) { server, key };
        foreach (var a in arguments) command.Arguments.Add(a);
        command.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            using var client = ServerOptions.Client(parse.GetValue(server)!, parse.GetValue(key));
            return await run(client, parse, ct);
        }));
        return command;
    }

    static string Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "-";
}
