using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Twin.Tests.Shared;

namespace Twin.Api.Tests.Cells;

public sealed class CellFileUploadTests : IDisposable
{
    static readonly string Fixtures = Path.Combine(RepoPaths.Root, "tests", "Twin.Import.Tests", "Fixtures");
    const string CalceName = "CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_cycle_data.csv";
    static readonly string Calce = Path.Combine(Fixtures, "batteryarchive_csv", CalceName);

    readonly TwinApiFactory _factory = new();
    readonly HttpClient _client;

    public CellFileUploadTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    static MultipartFormDataContent Form(byte[] file, string fileName, string? format = null)
    {
        var form = new MultipartFormDataContent();
        if (format is not null) form.Add(new StringContent(format), "format");
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", fileName);
        return form;
    }

    // No nominal capacity: the fixture cells are small lab cells of unknown rating.
    Task Register(string id) => _client.Register(id, CellsClient.CellBody(nominal: null));

    [Fact]
    public async Task ARealBatteryArchiveExportIsDetectedStoredAndAResendIsAllDuplicates()
    {
        await Register("m1");
        var bytes = await File.ReadAllBytesAsync(Calce);
        var (status, body) = await _client.Send(HttpMethod.Post, "/api/cells/m1/files", Form(bytes, CalceName));
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal("batteryarchive-cycle-summary", body.GetProperty("format").GetString());
        var found = body.GetProperty("cycles_found").GetInt32();
        Assert.Equal(9, found);
        Assert.Equal((found, 0), (body.GetProperty("inserted").GetInt32(), body.GetProperty("duplicates").GetInt32()));
        Assert.Equal(found, await _client.StoredCycles("m1"));

        var (again, second) = await _client.Send(HttpMethod.Post, "/api/cells/m1/files", Form(bytes, CalceName, format: "batteryarchive-cycle-summary"));
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal((0, found), (second.GetProperty("inserted").GetInt32(), second.GetProperty("duplicates").GetInt32()));
        Assert.Equal("format given explicitly (batteryarchive-cycle-summary)", second.GetProperty("detection_reason").GetString());
    }

    [Fact]
    public async Task AnUnrecognisedFileIsA415ListingTheSupportedFormats()
    {
        await Register("u1");
        var (status, problem) = await _client.Send(HttpMethod.Post, "/api/cells/u1/files", Form("hello,world\n1,2\n"u8.ToArray(), "mystery.dat"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Contains("arbin-csv", problem.GetProperty("supported_formats").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains("Supported formats: arbin-csv, arbin-xlsx", problem.GetProperty("detail").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("seen").GetString()));
    }

    [Fact]
    public async Task AnUnknownFormatNameIsA400ListingTheFormats()
    {
        await Register("u1");
        var (status, problem) = await _client.Send(HttpMethod.Post, "/api/cells/u1/files?format=excel", Form("x"u8.ToArray(), "a.csv"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("format", problem.GetProperty("field").GetString());
        Assert.StartsWith("'excel' is not a cycler format; use one of: arbin-csv,", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ACorruptRowIsA422WithLineAndColumnAndNothingIsStored()
    {
        await Register("g1");
        var csv = "cycle,discharge_capacity_Ah,charge_capacity_Ah\n1,1.05,1.06\n2,oops,1.05\n3,1.03,1.04\n";
        var (status, problem) = await _client.Send(HttpMethod.Post, "/api/cells/g1/files", Form(Encoding.UTF8.GetBytes(csv), "cells.csv", "generic-csv"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(3, problem.GetProperty("line").GetInt32());
        Assert.Equal("discharge_capacity_Ah", problem.GetProperty("column").GetString());
        Assert.Equal(0, await _client.StoredCycles("g1"));
    }

    [Fact]
    public async Task AFileWithAnInvalidCycleAddsNoCycles()
    {
        await _client.Register("g1", CellsClient.CellBody(nominal: 1.0));
        var csv = "cycle,discharge_capacity_Ah\n1,1.0\n2,0.99\n3,99\n";
        var (status, problem) = await _client.Send(HttpMethod.Post, "/api/cells/g1/files", Form(Encoding.UTF8.GetBytes(csv), "cells.csv", "generic-csv"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var rejected = Assert.Single(problem.GetProperty("rejected").EnumerateArray());
        Assert.Equal((3, "discharge_capacity_Ah"), (rejected.GetProperty("row").GetInt32(), rejected.GetProperty("field").GetString()));
        Assert.Equal(0, await _client.StoredCycles("g1"));
    }

    [Fact]
    public async Task AFileConflictingWithStoredCyclesIsA409AndAddsNoCycles()
    {
        await Register("g1");
        await _client.Json(HttpMethod.Post, "/api/cells/g1/cycles", CellsClient.Cycles(CellsClient.Cycle(2, 0.5)));
        var csv = "cycle,discharge_capacity_Ah\n1,1.0\n2,0.99\n3,0.98\n";
        var (status, problem) = await _client.Send(HttpMethod.Post, "/api/cells/g1/files", Form(Encoding.UTF8.GetBytes(csv), "cells.csv", "generic-csv"));
        Assert.Equal(HttpStatusCode.Conflict, status);
        var conflict = Assert.Single(problem.GetProperty("conflicts").EnumerateArray());
        Assert.Equal((0.5, 0.99), (conflict.GetProperty("stored").GetProperty("discharge_capacity_Ah").GetDouble(), conflict.GetProperty("sent").GetProperty("discharge_capacity_Ah").GetDouble()));
        Assert.Equal(1, await _client.StoredCycles("g1"));
    }

    [Fact]
    public async Task ACycleWithoutDischargeIsLeftOutWithAWarning()
    {
        await Register("g1");
        var csv = "cycle,discharge_capacity_Ah,charge_capacity_Ah\n1,0,1.2\n2,1.0,1.01\n3,0.99,1.0\n";
        var (status, body) = await _client.Send(HttpMethod.Post, "/api/cells/g1/files", Form(Encoding.UTF8.GetBytes(csv), "cells.csv", "generic-csv"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((3, 2), (body.GetProperty("cycles_found").GetInt32(), body.GetProperty("inserted").GetInt32()));
        Assert.Contains("1 cycle(s) without discharge capacity (charge-only or cut off) were not stored: 1.",
            body.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
    }

    [Fact]
    public async Task AFileWithoutCyclesIsA422()
    {
        await Register("g1");
        var (status, problem) = await _client.Send(HttpMethod.Post, "/api/cells/g1/files", Form("cycle,discharge_capacity_Ah\n"u8.ToArray(), "cells.csv", "generic-csv"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("The cycler export holds no cycle; nothing was stored.", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task AnUploadForAnUnknownCellIsA404AndANonMultipartBodyIsA415()
    {
        var (missing, _) = await _client.Send(HttpMethod.Post, "/api/cells/nobody/files", Form("x"u8.ToArray(), "a.csv"));
        Assert.Equal(HttpStatusCode.NotFound, missing);
        await Register("g1");
        var (status, problem) = await _client.Send(HttpMethod.Post, "/api/cells/g1/files", new StringContent("cycle\n1", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal(["multipart/form-data with a 'file' part"], problem.GetProperty("supported_content_types").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task AnUploadOverTheLimitIsA413()
    {
        await Register("g1");
        var (status, problem) = await _client.Send(HttpMethod.Post, "/api/cells/g1/files", Form(new byte[2 * 1024 * 1024], "big.csv"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("The request body is too large.", problem.GetProperty("title").GetString());
    }
}
