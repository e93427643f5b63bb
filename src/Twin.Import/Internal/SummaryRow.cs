namespace Twin.Import.Internal;

/// <summary>One row of a per-cycle summary file (BatteryArchive cycle_data) read as it is.</summary>
internal static class SummaryRow
{
    public static CycleSummary? Parse(long lineNumber, ReadOnlySpan<char> line, ReadOnlySpan<Range> fields, ColumnMap map, ReadOptions options)
    {
        double cycle = Num(ColumnRole.Cycle, line, fields);
        if (double.IsNaN(cycle))
        {
            return null;
        }

        if (cycle < 0 || cycle > 10_000_000 || Math.Abs(cycle - Math.Round(cycle)) > 1e-6)
        {
            throw new CyclerDataException(lineNumber, map.Name(ColumnRole.Cycle), $"cycle index {cycle} is not a whole number in 0..10,000,000");
        }

        double chg = Num(ColumnRole.ChargeCapacity, line, fields);
        double dchg = Num(ColumnRole.DischargeCapacity, line, fields);
        double? chgE = Opt(Num(ColumnRole.ChargeEnergy, line, fields));
        double? dchgE = Opt(Num(ColumnRole.DischargeEnergy, line, fields));
        DateTimeOffset? start = Date(ColumnRole.StartTime, line, fields);
        DateTimeOffset? end = Date(ColumnRole.EndTime, line, fields);
        // No charge column: the charge is unknown (null), not zero.
        double? charge = map.Has(ColumnRole.ChargeCapacity) ? (double.IsNaN(chg) ? 0 : Math.Abs(chg)) : null;
        dchg = double.IsNaN(dchg) ? 0 : Math.Abs(dchg);
        return new CycleSummary((int)Math.Round(cycle), charge, dchg, Abs(chgE), Abs(dchgE), charge > 0 ? dchg / charge : null,
            null, null, null, start, start is { } s && end is { } e ? Math.Max(0, (e - s).TotalSeconds) : null);

        double Num(ColumnRole role, ReadOnlySpan<char> l, ReadOnlySpan<Range> f)
        {
            int idx = map[role];
            if (idx < 0)
            {
                return double.NaN;
            }

            if (idx >= f.Length)
            {
                throw new CyclerDataException(lineNumber, map.Header[idx], $"row has {f.Length} fields but the header has {map.Header.Count}");
            }

            if (!Values.TryParseNumber(l[f[idx]], options.DecimalComma, out double v))
            {
                throw new CyclerDataException(lineNumber, map.Header[idx], $"'{Shorten(l[f[idx]])}' is not a number");
            }

            return v * map.Scale(role);
        }

        DateTimeOffset? Date(ColumnRole role, ReadOnlySpan<char> l, ReadOnlySpan<Range> f)
        {
            int idx = map[role];
            return idx >= 0 && idx < f.Length && Values.TryParseDate(l[f[idx]], options.DayFirstDates, false, out var d) ? d : null;
        }
    }

    private static double? Opt(double v) => double.IsNaN(v) ? null : v;

    private static double? Abs(double? v) => v is { } x ? Math.Abs(x) : null;

    private static string Shorten(ReadOnlySpan<char> s) => s.Length > 40 ? s[..40].ToString() + "…" : s.ToString();
}
