namespace Twin.Import.Internal;

/// <summary>Decides the format from the first bytes of a file (and its name, for XLSX only).</summary>
internal static class FormatSniffer
{
    public const int HeadBytes = 1 << 16;

    public static FormatDetection Detect(ReadOnlySpan<byte> head, string? fileName)
    {
        if (head.Length >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4)
        {
            return new FormatDetection(CyclerFormat.ArbinXlsx,
                "ZIP container (XLSX workbook); read as Arbin MITS Pro XLSX, data from the Channel_* sheets");
        }

        var reader = new LineReader(new MemoryStream(head.ToArray(), writable: false));
        // Neware's layered export: its first header row names no current or capacity the header locator knows.
        if (reader.TryReadLine(out var line1))
        {
            var top = line1.ToString();
            string? next = reader.TryReadLine(out var line2) ? line2.ToString() : null;
            if (NewareLayeredReader.Matches(top, next))
            {
                return new FormatDetection(CyclerFormat.NewareLayeredCsv,
                    "header rows 1–2 start 'Cycle ID,' and ',Step ID,' (Neware BTS layered export: cycle, step and record rows)");
            }
        }

        reader = new LineReader(new MemoryStream(head.ToArray(), writable: false));
        string? first = null;
        bool sawData = false;
        bool sawBasytec = false;
        bool sawNovonix = false;
        while (reader.LineNumber < HeaderLocator.MaxPreambleLines && reader.TryReadLine(out var line))
        {
            if (first is null && !line.IsWhiteSpace())
            {
                first = Shorten(line);
            }

            if (line.StartsWith("[Data]", StringComparison.OrdinalIgnoreCase))
            {
                sawData = true;
            }

            if (line.Contains("basytec", StringComparison.OrdinalIgnoreCase))
            {
                sawBasytec = true;
            }

            if (line.Contains("Novonix", StringComparison.OrdinalIgnoreCase))
            {
                sawNovonix = true;
            }

            if (!HeaderLocator.LooksLikeHeader(line, out var map, out char delim))
            {
                continue;
            }

            long n = reader.LineNumber;
            string h = Shorten(line);
            var f = Classify(map, delim, first ?? h, sawData && sawNovonix, sawBasytec || line.StartsWith("~"), n);
            if (f is not null)
            {
                return f;
            }
        }

        string seen = first is null
            ? (head.IsEmpty ? "the file is empty" : "no text line could be read")
            : $"no recognised column header (cycle plus current or capacity) in the first lines; the first line is '{first}'";
        throw new UnsupportedCyclerFormatException(seen, fileName);
    }

    private static FormatDetection? Classify(ColumnMap map, char delim, string first, bool novonix, bool basytec, long line)
    {
        var names = map.Header.Select(h => h.Trim().Trim('"')).ToArray();
        bool Has(string n) => names.Any(x => string.Equals(x, n, StringComparison.OrdinalIgnoreCase));
        bool Starts(string n) => names.Length > 0 && names[0].TrimStart('~').Equals(n, StringComparison.OrdinalIgnoreCase);
        string at = $"header on line {line}";

        if (first.StartsWith("BT-Lab ASCII FILE", StringComparison.OrdinalIgnoreCase)
            || first.StartsWith("EC-Lab ASCII FILE", StringComparison.OrdinalIgnoreCase))
        {
            return new(CyclerFormat.BiologicMpt, $"first line '{first}'; {at} has 'cycle number'");
        }

        if (Has("cycle number") && names.Any(x => x.EndsWith("/mA", StringComparison.Ordinal) || x.EndsWith("/mA.h", StringComparison.Ordinal)))
        {
            return new(CyclerFormat.BiologicMpt, $"{at} has BioLogic 'name/unit' columns ('cycle number', 'I/mA')");
        }

        if (novonix || (Has("Run Time (h)") && Has("Potential (V)")))
        {
            return new(CyclerFormat.NovonixCsv, $"Novonix [Summary]/[Data] sections; {at} has 'Cycle Number', 'Run Time (h)'");
        }

        if (basytec && Has("Cyc-Count"))
        {
            return new(CyclerFormat.BasytecText, $"'~' preamble; {at} starts '~Time[s]' and has 'Cyc-Count'");
        }

        if ((Starts("Rec#") || Starts("Rec")) && (Has("Cyc#") || Has("Cycle C") || Has("Cycle P")))
        {
            return delim == '\t'
                ? new(CyclerFormat.MaccorText, $"tab-delimited {at} starts '{names[0]}' with a Maccor cycle column")
                : new(CyclerFormat.MaccorCsv, $"comma-delimited {at} starts '{names[0]}' with a Maccor cycle column");
        }

        if ((Starts("Test") && Has("Cell") && Has("Rack")) || (Has("Real Time") && Has("Cycle") && Has("Current (mA)")))
        {
            return new(CyclerFormat.PecCsv, $"{at} starts 'Test,Cell,Rack' (PEC SBT)");
        }

        if (Has("Step Type") && (Has("Chg. Cap.(Ah)") || Has("DChg. Cap.(Ah)") || Has("Chg. Cap.(mAh)") || Has("DChg. Cap.(mAh)")))
        {
            return new(CyclerFormat.NewareCsv, $"{at} has 'Step Type' and 'Chg. Cap.'/'DChg. Cap.' (Neware BTS)");
        }

        if (Has("Cycle_Index") && (Has("Min_Current (A)") || Has("Start_Time") || Has("End_Time")) && !Has("Current (A)"))
        {
            return new(CyclerFormat.BatteryArchiveCycleSummary, $"{at} has 'Cycle_Index' with per-cycle columns ('Start_Time', 'Min_Current (A)')");
        }

        if (Has("Cycle_Index") && Has("Test_Time (s)") && Has("Current (A)") && !Has("Step_Index") && !Has("Data_Point"))
        {
            return new(CyclerFormat.BatteryArchiveTimeSeries, $"{at} has BatteryArchive columns 'Cycle_Index', 'Test_Time (s)', 'Current (A)' and no Arbin step/data-point columns");
        }

        if ((Has("Data_Point") || Has("Data Point") || Has("Step_Index") || Has("Step Index"))
            && (Has("Cycle_Index") || Has("Cycle Index")))
        {
            return new(CyclerFormat.ArbinCsv, $"{at} has Arbin columns 'Data_Point'/'Step_Index' and 'Cycle_Index'");
        }

        return new(CyclerFormat.GenericCsv,
            $"{at} is not a known vendor layout; its columns were recognised by name: cycle '{map.Name(ColumnRole.Cycle)}'"
            + (map.Has(ColumnRole.Current) ? $", current '{map.Name(ColumnRole.Current)}'" : "")
            + (map.Has(ColumnRole.DischargeCapacity) ? $", discharge capacity '{map.Name(ColumnRole.DischargeCapacity)}'" : ""));
    }

    private static string Shorten(ReadOnlySpan<char> s)
    {
        var t = s.Length > 160 ? s[..160].ToString() + "…" : s.ToString();
        return t.Replace('\t', '→');
    }
}
