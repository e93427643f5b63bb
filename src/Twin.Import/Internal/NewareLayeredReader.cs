using System.Globalization;

namespace Twin.Import.Internal;

/// <summary>
/// Neware BTS "layered" CSV export: three stacked header rows (cycle, step, record), and data rows
/// whose level is given by leading empty fields (0 = the vendor's cycle summary, 1 = a step, 2 = a
/// record), with each cycle's summary row before its steps and each step before its records.
/// Cycles are summed from the records like the record-layer export (counters restart per step,
/// direction from the step's name, one discharge per cycle: docs/cycler-formats.md), then checked
/// against the vendor's own cycle rows; a disagreement is a warning naming the cycle.
/// </summary>
internal static class NewareLayeredReader
{
    /// <summary>The first header row starts with "Cycle ID" and the second with an empty field then "Step ID".</summary>
    public static bool Matches(string first, string? second) =>
        first.TrimStart('\uFEFF').StartsWith("Cycle ID,", StringComparison.OrdinalIgnoreCase)
        && second is not null && second.StartsWith(",Step ID,", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<CycleSummary> Read(Stream stream, string? fileName, List<string> warnings, CancellationToken ct)
    {
        var reader = new LineReader(stream);
        var splitter = new FieldSplitter(',');
        string[] Header(int level)
        {
            if (!reader.TryReadLine(out var line))
                throw new UnsupportedCyclerFormatException($"read as neware-layered-csv, but the file ends before header row {level + 1} of 3", fileName);
            var fields = splitter.Split(line);
            var names = new string[fields.Length];
            for (var i = 0; i < fields.Length; i++) names[i] = line[fields[i]].Trim().ToString();
            return names;
        }
        string[] cycleHeader = Header(0), stepHeader = Header(1), recordHeader = Header(2);
        int Col(string[] header, int level, string what, params string[] names)
        {
            for (var i = level; i < header.Length; i++)
                if (names.Contains(ColumnMap.SplitUnit(header[i]).Name, StringComparer.Ordinal)) return i;
            throw new CyclerFormatMismatchException(CyclerFormat.NewareLayeredCsv, [$"{what} in header row {level + 1}"], level + 1, fileName);
        }
        double Scale(string[] header, int col) => ColumnMap.SplitUnit(header[col]).Unit switch { "mah" => 1e-3, "uah" => 1e-6, _ => 1 };
        int cycleId = Col(cycleHeader, 0, "'Cycle ID'", "cycleid"), vendorChg = Col(cycleHeader, 0, "'Cap_Chg(mAh)'", "capchg"),
            vendorDchg = Col(cycleHeader, 0, "'Cap_DChg(mAh)'", "capdchg");
        int stepId = Col(stepHeader, 1, "'Step ID'", "stepid"), stepName = Col(stepHeader, 1, "'Step Name'", "stepname");
        int recordCap = Col(recordHeader, 2, "'Capacity(mAh)'", "capacity");
        double vendorScaleChg = Scale(cycleHeader, vendorChg), vendorScaleDchg = Scale(cycleHeader, vendorDchg), recordScale = Scale(recordHeader, recordCap);

        var cycles = new List<CycleSummary>();
        var vendor = new Dictionary<int, (double Chg, double Dchg)>();
        int? cycle = null;
        double charge = 0, discharge = 0, stepMax = 0, ignored = 0;
        char direction = 'R';
        bool sawDischarge = false, sawChargeAfter = false, ignoring = false;

        void EndStep()
        {
            if (ignoring) ignored += direction is 'D' ? stepMax : 0;
            else if (direction == 'C') charge += stepMax;
            else if (direction == 'D') discharge += stepMax;
            stepMax = 0;
        }
        void EndCycle()
        {
            EndStep();
            if (cycle is not { } c) return;
            if (ignored > 0)
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"Cycle {c} holds a second discharge after its charge: {ignored * 1000:0.####} mAh discharged there is left out; the cycle counts its first discharge and the charge after it (docs/cycler-formats.md)."));
            cycles.Add(new CycleSummary(c, charge, discharge, null, null, charge > 0 ? discharge / charge : null, null, null, null, null, null));
            (charge, discharge, ignored, sawDischarge, sawChargeAfter, ignoring) = (0, 0, 0, false, false, false);
        }
        double Number(ReadOnlySpan<char> line, ReadOnlySpan<Range> fields, int col, string[] header)
        {
            if (col >= fields.Length || !Values.TryParseNumber(line[fields[col]], false, out var v))
                throw new CyclerDataException(reader.LineNumber, header[col], col >= fields.Length ? "the row is cut short" : $"'{line[fields[col]].ToString()}' is not a number");
            return v;
        }

        while (reader.TryReadLine(out var line))
        {
            ct.ThrowIfCancellationRequested();
            if (line.IsWhiteSpace()) continue;
            var fields = splitter.Split(line);
            var level = 0;
            while (level < fields.Length && level < 2 && line[fields[level]].IsWhiteSpace()) level++;
            if (level == 0)
            {
                EndCycle();
                var id = Number(line, fields, cycleId, cycleHeader);
                if (id < 1 || id > 10_000_000 || id != Math.Round(id))
                    throw new CyclerDataException(reader.LineNumber, cycleHeader[cycleId], $"cycle id {id} is not a whole number in 1..10,000,000");
                cycle = (int)id;
                vendor[cycle.Value] = (Number(line, fields, vendorChg, cycleHeader) * vendorScaleChg, Number(line, fields, vendorDchg, cycleHeader) * vendorScaleDchg);
            }
            else if (level == 1)
            {
                if (cycle is null) throw new CyclerDataException(reader.LineNumber, stepHeader[stepId], "a step row before any cycle row");
                EndStep();
                var name = stepName < fields.Length ? line[fields[stepName]].ToString() : "";
                direction = name.Contains("DChg", StringComparison.OrdinalIgnoreCase) ? 'D' : name.Contains("Chg", StringComparison.OrdinalIgnoreCase) ? 'C' : 'R';
                if (direction == 'D' && sawChargeAfter) ignoring = true;
                else if (direction == 'D') sawDischarge = true;
                else if (direction == 'C' && sawDischarge) sawChargeAfter = true;
            }
            else
            {
                if (cycle is null) throw new CyclerDataException(reader.LineNumber, recordHeader[recordCap], "a record row before any cycle row");
                stepMax = Math.Max(stepMax, Math.Abs(Number(line, fields, recordCap, recordHeader) * recordScale));
            }
        }
        EndCycle();
        if (cycles.Count == 0) throw new EmptyCyclerFileException($"No cycles found in {fileName ?? "this neware-layered-csv file"}: no cycle row after the three header rows.");

        foreach (var c in cycles)
        {
            var (chg, dchg) = vendor[c.Cycle];
            // The vendor rounds to 0.1 µAh; a larger gap means the layers disagree (or a second discharge was left out).
            if (Math.Abs(dchg - c.DischargeCapacityAh) > 1e-6 + 1e-4 * dchg || Math.Abs(chg - c.ChargeCapacityAh!.Value) > 1e-6 + 1e-4 * chg)
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"Cycle {c.Cycle}: the records give {c.DischargeCapacityAh * 1000:0.####} mAh discharged and {c.ChargeCapacityAh * 1000:0.####} mAh charged, the vendor's cycle row {dchg * 1000:0.####} and {chg * 1000:0.####} mAh; the records' numbers are used."));
        }
        return cycles.GroupBy(c => c.Cycle).Select(g => g.Last()).OrderBy(c => c.Cycle).ToArray();
    }
}
