using System.Net.Http.Headers;
using System.Text.Json;

namespace Twin.Cli.Commands;

/// <summary>
/// `twin import --server URL`: the file goes through the running server's upload API
/// (POST /api/cells/{id}/files), so the server stores it and tells the cell's twin, instead of
/// the database being written behind the server's back.
/// </summary>
internal static class ServerImport
{
    public static async Task<int> RunAsync(FileInfo file, string cellId, string? formatName, Uri server, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        await using var content = File.OpenRead(file.FullName);
        using var form = new MultipartFormDataContent();
        if (formatName is not null) form.Add(new StringContent(formatName), "format"); // before the file: the server reads it as it arrives
        var part = new StreamContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", file.Name);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync($"api/cells/{Uri.EscapeDataString(cellId)}/files", form, ct);
        }
        catch (HttpRequestException e)
        {
            return await Fail(1, $"cannot reach the Twin server at {server}: {e.Message}; is it running? (start it with scripts/run.sh, "
                                 + "or import into its database with --data DIR while it is stopped)");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonElement body;
            try
            {
                body = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                return await Fail(1, $"the server at {server} answered {(int)response.StatusCode} without JSON; is {server} a Twin server?");
            }
            if (!response.IsSuccessStatusCode) return await Problem((int)response.StatusCode, body);
            Console.WriteLine($"format: {Str(body, "format")} ({Str(body, "detection_reason")})");
            Console.WriteLine($"cycles found: {body.GetProperty("cycles_found").GetInt32()}");
            foreach (var w in body.GetProperty("warnings").EnumerateArray()) Console.WriteLine($"warning: {w.GetString()}");
            Console.WriteLine($"inserted: {body.GetProperty("inserted").GetInt64()}, duplicates: {body.GetProperty("duplicates").GetInt64()}");
            return 0;
        }
    }

    /// <summary>The server's ProblemDetails: title and detail, then the row-level specifics it lists.</summary>
    internal static async Task<int> Problem(int status, JsonElement problem)
    {
        foreach (var name in new[] { "rejected", "conflicts", "missing_columns", "warnings" })
            if (problem.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
                foreach (var item in list.EnumerateArray()) await Console.Error.WriteLineAsync($"{name}: {item}");
        if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            foreach (var e in errors.EnumerateObject()) await Console.Error.WriteLineAsync($"{e.Name}: {string.Join(" ", e.Value.EnumerateArray().Select(v => v.GetString()))}");
        // 4xx: the file or the request is at fault (exit 2, like bad input); 5xx: the server is (exit 1).
        return await Fail(status is >= 400 and < 500 ? 2 : 1, $"the server answered {status} {Str(problem, "title")}: {Str(problem, "detail")}");
    }

    static string Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    internal static async Task<int> Fail(int code, string message)
    {
        await Console.Error.WriteLineAsync($"error: {message}");
        return code;
    }
}
