namespace Twin.Api.Cells;

/// <summary>Cell ids: 1–128 characters of A–Z, a–z, 0–9 and <c>. _ : - #</c> (so they fit URLs, CSV and file names).</summary>
public static class CellIds
{
    public const int MaxLength = 128;

    /// <summary>Null when <paramref name="id"/> is a valid cell id, otherwise what is wrong with it.</summary>
    public static string? Problem(string? id)
    {
        if (string.IsNullOrEmpty(id)) return "a cell id is required (1–128 characters of A–Z a–z 0–9 . _ : - #).";
        if (id.Length > MaxLength) return $"is {id.Length} characters long; at most {MaxLength} are allowed.";
        var bad = id.FirstOrDefault(c => !IsAllowed(c));
        return bad == default ? null
            : $"'{id}' contains '{bad}', which is not allowed; use only A–Z a–z 0–9 and . _ : - # (percent-encode '#' as %23 in URLs).";
    }

    static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-' or '#';
}
