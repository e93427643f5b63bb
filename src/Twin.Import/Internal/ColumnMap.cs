namespace Twin.Import.Internal;

/// <summary>
/// Maps header names to the quantities the summariser needs. Names are compared after removing the
/// unit — "(A)", "[A]", "/mA" — and then case, spaces, '_', '-', '.', ':' and a leading '~'. Aliases are
/// listed in order of preference per role; the unit decides the scale (and turns a "capacity" column
/// in Wh, PEC's mislabel, into an energy column).
/// </summary>
internal sealed class ColumnMap
{
    private static readonly (ColumnRole Role, string[] Aliases)[] AliasTable =
    [
        (ColumnRole.Cycle, ["cycleindex", "cyc#", "cyclec", "cyclenumber", "cycle", "cyccount", "cycleid", "cyclep"]),
        (ColumnRole.Step, ["stepindex", "step", "ns", "stepnumber", "stepid"]),
        (ColumnRole.TestTime, ["testtime", "test", "totaltime", "cumulativetime", "runtime", "time", "elapsedtime", "times"]),
        (ColumnRole.DateTime, ["datetime", "dpttime", "dateandtime", "realtime", "date", "timestamp", "absolutetime"]),
        (ColumnRole.Current, ["current", "amps", "i", "mamps", "currenta"]),
        (ColumnRole.Voltage, ["voltage", "volts", "ecell", "ewe", "potential", "u", "mvolts"]),
        (ColumnRole.ChargeCapacity, ["chargecapacity", "chgcap", "qcharge", "ahcyccharge", "chargecapacityah"]),
        (ColumnRole.DischargeCapacity, ["dischargecapacity", "dchgcap", "qdischarge", "ahcycdischarge", "dischargecapacityah"]),
        (ColumnRole.Capacity, ["amphr", "capacity", "cap", "mamphr"]),
        (ColumnRole.ChargeEnergy, ["chargeenergy", "chgenergy", "energycharge", "whcyccharge"]),
        (ColumnRole.DischargeEnergy, ["dischargeenergy", "dchgenergy", "energydischarge", "whcycdischarge"]),
        (ColumnRole.Energy, ["watthr", "energy", "ener", "mwatthr"]),
        (ColumnRole.Temperature, ["celltemperature", "cellsurfacetemperature", "temperature", "temp1", "t1", "auxtemperature1", "temp", "temperaturec"]),
        (ColumnRole.State, ["md", "steptype", "command", "state", "mode"]),
        (ColumnRole.StartTime, ["starttime"]),
        (ColumnRole.EndTime, ["endtime"]),
    ];

    private static readonly int RoleCount = Enum.GetValues<ColumnRole>().Length;

    private readonly int[] _index;
    private readonly double[] _scale;
    private readonly double[] _offset;
    private readonly string[] _header;

    private ColumnMap(string[] header)
    {
        _header = header;
        _index = new int[RoleCount];
        _scale = new double[RoleCount];
        _offset = new double[RoleCount];
        Array.Fill(_index, -1);
        Array.Fill(_scale, 1.0);
    }

    public IReadOnlyList<string> Header => _header;

    public List<string> UnitWarnings { get; } = [];

    /// <summary>True when the time column is a "hh:mm:ss" text (PEC new layout) or has no unit.</summary>
    public bool TimeUnitMissing { get; private set; }

    public int this[ColumnRole role] => _index[(int)role];

    public bool Has(ColumnRole role) => _index[(int)role] >= 0;

    public double Scale(ColumnRole role) => _scale[(int)role];

    public double Offset(ColumnRole role) => _offset[(int)role];

    public string Name(ColumnRole role) => Has(role) ? _header[_index[(int)role]] : role.ToString();

    public int MaxIndex => _index.Max();

    public static ColumnMap Build(ReadOnlySpan<char> line, ReadOnlySpan<Range> fields)
    {
        var header = new string[fields.Length];
        for (int i = 0; i < fields.Length; i++)
        {
            header[i] = line[fields[i]].Trim().ToString();
        }

        return Build(header);
    }

    public static ColumnMap Build(string[] header)
    {
        var map = new ColumnMap(header);
        var rank = new int[RoleCount];
        Array.Fill(rank, int.MaxValue);
        var units = new string[RoleCount];
        for (int col = 0; col < header.Length; col++)
        {
            var (name, unit) = SplitUnit(header[col]);
            if (name.Length == 0)
            {
                continue;
            }

            foreach (var (role0, aliases) in AliasTable)
            {
                int r = Array.IndexOf(aliases, name);
                if (r < 0)
                {
                    continue;
                }

                if (role0 == ColumnRole.TestTime && name == "test" && unit.Length == 0)
                {
                    continue; // PEC's "Test" is the test number; Maccor's "Test (Sec)" carries a unit
                }

                var role = Reclassify(role0, unit);
                if (r < rank[(int)role])
                {
                    rank[(int)role] = r;
                    map._index[(int)role] = col;
                    units[(int)role] = unit;
                    map._scale[(int)role] = ImpliedScale(name);
                }
            }
        }

        for (int i = 0; i < RoleCount; i++)
        {
            if (map._index[i] >= 0)
            {
                map.ApplyUnit((ColumnRole)i, units[i]);
            }
        }

        return map;
    }

    private static double ImpliedScale(string name) => name is "mamps" or "mamphr" or "mwatthr" or "mvolts" ? 1e-3 : 1.0;

    private static ColumnRole Reclassify(ColumnRole role, string unit)
    {
        bool energyUnit = unit is "wh" or "mwh" or "kwh" or "w.h" or "mw.h";
        return role switch
        {
            ColumnRole.ChargeCapacity when energyUnit => ColumnRole.ChargeEnergy,
            ColumnRole.DischargeCapacity when energyUnit => ColumnRole.DischargeEnergy,
            ColumnRole.Capacity when energyUnit => ColumnRole.Energy,
            _ => role,
        };
    }

    private void ApplyUnit(ColumnRole role, string unit)
    {
        int i = (int)role;
        double? s = role switch
        {
            ColumnRole.Current => unit switch { "" or "a" => 1, "ma" => 1e-3, "ua" => 1e-6, "na" => 1e-9, _ => null },
            ColumnRole.Voltage => unit switch { "" or "v" => 1, "mv" => 1e-3, _ => null },
            ColumnRole.ChargeCapacity or ColumnRole.DischargeCapacity or ColumnRole.Capacity =>
                unit switch { "" or "ah" or "a.h" => 1, "mah" or "ma.h" => 1e-3, "uah" or "ua.h" => 1e-6, "as" or "c" => 1 / 3600.0, _ => null },
            ColumnRole.ChargeEnergy or ColumnRole.DischargeEnergy or ColumnRole.Energy =>
                unit switch { "" or "wh" or "w.h" => 1, "mwh" or "mw.h" => 1e-3, "kwh" => 1e3, "j" or "ws" => 1 / 3600.0, _ => null },
            ColumnRole.TestTime => unit switch
            {
                "s" or "sec" or "secs" or "seconds" => 1,
                "ms" => 1e-3,
                "min" or "mins" or "minutes" => 60,
                "h" or "hr" or "hrs" or "hours" => 3600,
                "" => 1,
                _ when unit.Contains("hh:mm:ss") => 1,
                _ => null,
            },
            ColumnRole.Temperature => unit switch { "k" => 1, _ => 1 },
            _ => 1,
        };

        if (role == ColumnRole.TestTime && unit.Length == 0)
        {
            TimeUnitMissing = true;
        }

        if (role == ColumnRole.Temperature && unit == "k")
        {
            _offset[i] = -273.15;
        }

        if (s is null)
        {
            UnitWarnings.Add($"Column '{_header[_index[i]]}': unit '{unit}' is not recognised for {role}; read as-is.");
            s = 1;
        }

        _scale[i] *= s.Value;
    }

    private static readonly HashSet<string> SlashUnits =
    [
        "s", "ms", "min", "h", "a", "ma", "ua", "v", "mv", "ah", "a.h", "mah", "ma.h", "wh", "w.h", "mwh", "mw.h", "w", "mw",
        "ohm", "mohm", "c", "°c", "degc", "k", "%", "uf", "f",
    ];

    /// <summary>Splits "Current (mA)", "I[A]", "I/mA" or "Amps" into a normalised name and a unit.</summary>
    public static (string Name, string Unit) SplitUnit(string raw)
    {
        var s = raw.AsSpan().Trim().TrimStart('~').Trim().Trim('"').Trim();
        string unit = "";
        ReadOnlySpan<char> name = s;
        if (s.Length > 2 && s[^1] == ')' && s.LastIndexOf('(') is int p and > 0)
        {
            name = s[..p];
            unit = NormaliseUnit(s[(p + 1)..^1]);
        }
        else if (s.Length > 2 && s[^1] == ']' && s.LastIndexOf('[') is int b and > 0)
        {
            name = s[..b];
            unit = NormaliseUnit(s[(b + 1)..^1]);
        }
        else if (s.LastIndexOf('/') is int sl and > 0 && sl < s.Length - 1)
        {
            var u = NormaliseUnit(s[(sl + 1)..]);
            if (SlashUnits.Contains(u) || IsDegreeC(u))
            {
                name = s[..sl];
                unit = u;
            }
        }

        else if (s.LastIndexOf('_') is int us and > 0 && us < s.Length - 1)
        {
            // generic snake_case: "current_a", "charge_capacity_ah", "temperature_c"
            var u = NormaliseUnit(s[(us + 1)..]);
            if (SlashUnits.Contains(u))
            {
                name = s[..us];
                unit = u;
            }
        }

        if (IsDegreeC(unit))
        {
            unit = "c";
        }

        Span<char> buf = name.Length <= 256 ? stackalloc char[name.Length] : new char[name.Length];
        int n = 0;
        foreach (char c in name)
        {
            if (c is ' ' or '_' or '-' or '.' or ':' or '\t')
            {
                continue;
            }

            buf[n++] = char.ToLowerInvariant(c);
        }

        return (new string(buf[..n]), unit);
    }

    private static bool IsDegreeC(string u) =>
        u is "c" or "degc" or "°c" || (u.Length == 2 && u[1] == 'c' && (u[0] is '\uFFFD' or '?' or '\u00B0' or '\u00BA'));

    private static string NormaliseUnit(ReadOnlySpan<char> u)
    {
        Span<char> buf = u.Length <= 64 ? stackalloc char[u.Length] : new char[u.Length];
        int n = 0;
        foreach (char c in u)
        {
            if (c == ' ')
            {
                continue;
            }

            buf[n++] = c switch { '\u00B5' or '\u03BC' => 'u', _ => char.ToLowerInvariant(c) };
        }

        var s = new string(buf[..n]);
        return s switch { "seconds" or "second" => "s", _ => s };
    }
}
