namespace Twin.Import.Internal;

/// <summary>Finds the column header after a free-text preamble of unknown length.</summary>
internal static class HeaderLocator
{
    public const int MaxPreambleLines = 1000;

    /// <summary>A header names a cycle column and a current or capacity column.</summary>
    public static bool LooksLikeHeader(ReadOnlySpan<char> line, out ColumnMap map, out char delimiter)
    {
        map = null!;
        delimiter = FieldSplitter.GuessDelimiter(line);
        if (line.Trim().IsEmpty || line.Length > 64 * 1024)
        {
            return false;
        }

        var splitter = new FieldSplitter(delimiter);
        var fields = splitter.Split(line);
        if (fields.Length < 2)
        {
            return false;
        }

        map = ColumnMap.Build(line, fields);
        return map.Has(ColumnRole.Cycle)
               && (map.Has(ColumnRole.Current) || map.Has(ColumnRole.Capacity)
                   || map.Has(ColumnRole.ChargeCapacity) || map.Has(ColumnRole.DischargeCapacity));
    }
}
