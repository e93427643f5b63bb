using System.Net.Http.Headers;
using Twin.Cli.Output;
using Twin.Cli.Server;

namespace Twin.Cli.Commands;

/// <summary>
/// `twin import --server URL`: the file goes through the running server's upload API
/// (POST /api/cells/{id}/files), so the server stores it and tells the cell's twin, instead of
/// the database being written behind the server's back.
/// </summary>
internal static class ServerImport
{
    public static async Task<int> RunAsync(FileInfo file, string cellId, string? formatName, TwinServerClient server, CancellationToken ct)
    {
        await using var content = Progress.ReadingFile(File.OpenRead(file.FullName), $"uploading {file.Name}");
        using var form = new MultipartFormDataContent();
        if (formatName is not null) form.Add(new StringContent(formatName), "format"); // before the file: the server reads it as it arrives
        var part = new StreamContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", file.Name);
        var body = await server.PostAsync($"api/cells/{TwinServerClient.Segment(cellId)}/files", form, ct);
        content.Done();
        Console.WriteLine($"format: {TwinServerClient.Str(body, "format")} ({TwinServerClient.Str(body, "detection_reason")})");
        Console.WriteLine($"cycles found: {body.GetProperty("cycles_found").GetInt32()}");
        foreach (var w in body.GetProperty("warnings").EnumerateArray()) Console.WriteLine($"warning: {w.GetString()}");
        Console.WriteLine($"inserted: {body.GetProperty("inserted").GetInt64()}, duplicates: {body.GetProperty("duplicates").GetInt64()}");
        return 0;
    }
}
