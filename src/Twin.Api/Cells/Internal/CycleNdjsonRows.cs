using System.Runtime.CompilerServices;
using System.Text.Json;
using Twin.Actors.Cells;

namespace Twin.Api.Cells.Internal;

/// <summary>The NDJSON stream (application/x-ndjson): one JSON object per line, a <see cref="CycleLineDto"/>; blank lines are skipped.</summary>
internal static class CycleNdjsonRows
{
    public static async IAsyncEnumerable<CycleRowInput> ReadRowsAsync(BodyLineReader lines, JsonSerializerOptions json, int maxLineBytes,
        [EnumeratorCancellation] CancellationToken ct)
    {
        while (await lines.ReadLineAsync(ct) is { } line)
        {
            if (line.Text is not { } text)
            {
                yield return CycleRowInput.Unreadable(line.Number, null, "(line)", $"is longer than {maxLineBytes} bytes.");
                continue;
            }
            if (string.IsNullOrWhiteSpace(text)) continue;
            CycleLineDto? dto = null;
            string? problem = null, field = null;
            try
            {
                dto = JsonSerializer.Deserialize<CycleLineDto>(text, json);
            }
            catch (JsonException e)
            {
                field = e.Path?.TrimStart('$', '.') is { Length: > 0 } p ? p : "(line)";
                problem = e.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal)
                    ? $"'{field}' is not a field of a cycle line; the fields are {CycleDto.CellIdField}, {string.Join(", ", CycleCsvRows.Required.Skip(1).Concat(CycleCsvRows.Optional))}."
                    : e.Message.Contains("could not be converted to", StringComparison.Ordinal)
                        ? $"has the wrong type: {Infrastructure.BadRequestExceptionHandler.ExpectedType(e.Message)}."
                        : $"is not valid JSON here: {e.Message.Split(" Path:", 2)[0]}";
            }
            if (problem is not null) yield return CycleRowInput.Unreadable(line.Number, null, field!, problem);
            else if (dto is null) yield return CycleRowInput.Unreadable(line.Number, null, "(line)", "must be a JSON object, not null.");
            else if (CellIds.Problem(dto.CellId) is { } idProblem) yield return CycleRowInput.Unreadable(line.Number, dto.CellId, CycleDto.CellIdField, idProblem);
            else yield return dto.ToInput(line.Number, dto.CellId!);
        }
    }
}
