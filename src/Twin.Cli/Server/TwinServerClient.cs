using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Twin.Cli.Server;

/// <summary>
/// A small client for a running Twin server: base address, X-Api-Key, JSON in and out, and the
/// server's ProblemDetails turned into a <see cref="ServerException"/> (title, detail, and the
/// errors/rejected/conflicts lists it carries). Commands print the exception through CliOptions.Run.
/// </summary>
internal sealed class TwinServerClient : IDisposable
{
    readonly HttpClient _http;

    public TwinServerClient(Uri baseAddress, string? apiKey)
    {
        BaseAddress = baseAddress;
        // No timeout: uploads of big files and refits take as long as they take; Ctrl+C cancels.
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(apiKey)) _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
    }

    public Uri BaseAddress { get; }

    public Task<JsonElement> GetAsync(string path, CancellationToken ct) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path), ct);

    /// <summary>GET that answers null on 404 instead of failing (e.g. a twin not fitted yet).</summary>
    public async Task<JsonElement?> GetOrNullAsync(string path, CancellationToken ct)
    {
        try
        {
            return await GetAsync(path, ct);
        }
        catch (ServerException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public Task<JsonElement> PutJsonAsync(string path, object body, CancellationToken ct) => SendAsync(new HttpRequestMessage(HttpMethod.Put, path) { Content = Json(body) }, ct);

    public Task<JsonElement> PostJsonAsync(string path, object body, CancellationToken ct) => SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) }, ct);

    public Task<JsonElement> PostAsync(string path, HttpContent content, CancellationToken ct) => SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = content }, ct);

    public Task<JsonElement> DeleteAsync(string path, CancellationToken ct) => SendAsync(new HttpRequestMessage(HttpMethod.Delete, path), ct);

    /// <summary>One path segment, escaped (cell ids may hold any character the server accepts).</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>Sends, and answers the JSON body (an empty object for 204); any failure is a <see cref="ServerException"/>.</summary>
    public async Task<JsonElement> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var (status, text) = await ExchangeAsync(request, ct);
        if (text.Length == 0) return JsonDocument.Parse("{}").RootElement.Clone();
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new ServerException(1, $"the server at {BaseAddress} answered {status} without JSON; is {BaseAddress} a Twin server?", status: status);
        }
    }

    /// <summary>Posts JSON and answers the body as text (e.g. a CSV download); failures as in <see cref="SendAsync"/>.</summary>
    public async Task<string> PostJsonForTextAsync(string path, object body, CancellationToken ct) =>
        (await ExchangeAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) }, ct)).Text;

    /// <summary>One request: the status and body of a success; a ProblemDetails or an unreachable server as <see cref="ServerException"/>.</summary>
    async Task<(int Status, string Text)> ExchangeAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, ct);
            }
            catch (HttpRequestException e)
            {
                throw new ServerException(1, $"cannot reach the Twin server at {BaseAddress}: {e.Message}; is it running? (start it with scripts/run.sh, or pass --server URL)");
            }
            using (response)
            {
                var status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync(ct);
                if (response.IsSuccessStatusCode) return (status, text);
                JsonElement problem;
                try
                {
                    problem = JsonDocument.Parse(text).RootElement.Clone();
                }
                catch (JsonException)
                {
                    var hint = status is 401 or 403 ? " (pass --api-key KEY or set TWIN_API_KEY)" : $"; is {BaseAddress} a Twin server?";
                    throw new ServerException(status is >= 400 and < 500 ? 2 : 1, $"the server at {BaseAddress} answered {status} without JSON{hint}", status: status);
                }
                throw Problem(status, problem);
            }
        }
    }

    /// <summary>The server's ProblemDetails: title and detail, then the field- and row-level specifics it lists.</summary>
    static ServerException Problem(int status, JsonElement problem)
    {
        var details = new List<string>();
        if (problem.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in new[] { "rejected", "conflicts", "missing_columns", "warnings" })
                if (problem.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
                    foreach (var item in list.EnumerateArray()) details.Add($"{name}: {item}");
            if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                foreach (var e in errors.EnumerateObject())
                    details.Add($"{e.Name}: {string.Join(" ", e.Value.ValueKind == JsonValueKind.Array ? e.Value.EnumerateArray().Select(v => v.ToString()) : [e.Value.ToString()])}");
        }
        var hint = status is 401 or 403 ? " (pass --api-key KEY or set TWIN_API_KEY)" : "";
        // 4xx: the request is at fault (exit 2, like bad input); 5xx: the server is (exit 1).
        var detail = Str(problem, "detail");
        var message = $"the server answered {status} {Str(problem, "title")}{(detail.Length > 0 ? ": " + detail : "")}{hint}";
        return new ServerException(status is >= 400 and < 500 ? 2 : 1, message, details, status);
    }

    public static string Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    public void Dispose() => _http.Dispose();
}
