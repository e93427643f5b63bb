namespace Twin.Import.Internal;

/// <summary>
/// Splits a line into field ranges on one delimiter. Handles quoted fields (embedded delimiters) and
/// lines wrapped whole in one pair of quotes (Novonix HPC). Fields are not unescaped: doubled quotes
/// inside a quoted field stay doubled, which never matters for the numeric columns we read.
/// </summary>
internal sealed class FieldSplitter(char delimiter)
{
    public const int MaxFields = 4096;
    private Range[] _fields = new Range[64];

    public char Delimiter { get; } = delimiter;

    /// <summary>Splits at most <paramref name="limit"/> fields (the rest of the line is ignored).</summary>
    public ReadOnlySpan<Range> Split(ReadOnlySpan<char> line, int limit = MaxFields)
    {
        int count = 0;
        int pos = 0;
        int n = line.Length;
        if (n >= 2 && line[0] == '"' && line[^1] == '"' && line[1..^1].IndexOf('"') < 0)
        {
            pos = 1;
            n -= 1;
        }

        while (count < limit)
        {
            int fs = pos;
            int fe;
            int next;
            if (pos < n && line[pos] == '"')
            {
                int close = pos + 1;
                while (true)
                {
                    int q = close < n ? line[close..n].IndexOf('"') : -1;
                    if (q < 0)
                    {
                        close = n;
                        break;
                    }

                    close += q;
                    if (close + 1 < n && line[close + 1] == '"')
                    {
                        close += 2;
                        continue;
                    }

                    break;
                }

                fs = pos + 1;
                fe = close;
                int after = Math.Min(close + 1, n);
                int d = line[after..n].IndexOf(Delimiter);
                next = d < 0 ? -1 : after + d;
            }
            else
            {
                int d = line[pos..n].IndexOf(Delimiter);
                next = d < 0 ? -1 : pos + d;
                fe = next < 0 ? n : next;
            }

            Add(ref count, new Range(fs, Math.Max(fs, fe)));
            if (next < 0)
            {
                break;
            }

            pos = next + 1;
        }

        return _fields.AsSpan(0, count);
    }

    private void Add(ref int count, Range r)
    {
        if (count == _fields.Length)
        {
            Array.Resize(ref _fields, _fields.Length * 2);
        }

        _fields[count++] = r;
    }

    public static char GuessDelimiter(ReadOnlySpan<char> headerLine)
    {
        int tabs = headerLine.Count('\t');
        int commas = headerLine.Count(',');
        int semis = headerLine.Count(';');
        if (tabs > 0 && tabs >= commas / 2)
        {
            return '\t';
        }

        return semis > commas ? ';' : ',';
    }
}
