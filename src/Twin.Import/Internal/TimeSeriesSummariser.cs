using System.Globalization;

namespace Twin.Import.Internal;

/// <summary>
/// Folds time-series rows into per-cycle totals. Each row is parsed completely before anything is
/// applied, so a rejected row leaves the totals untouched.
///
/// Capacity and energy come from, in order of preference: separate charge/discharge counters;
/// one unsigned counter plus a direction (state column, else the sign of the current); or the
/// integral of current (and current × voltage) over time. Counters are read as increments, so a
/// counter that resets per step, accumulates per cycle or over the whole test gives the same totals:
/// a drop at a step, cycle or direction change (or to below half) is a reset, any other drop is noise
/// and is ignored until the counter climbs past its previous maximum.
/// </summary>
internal sealed class TimeSeriesSummariser
{
    private const double MaxIntegrationGapSeconds = 86400;
    private readonly ColumnMap _map;
    private readonly ReadOptions _options;
    private readonly List<string> _warnings;
    private readonly Dictionary<int, CycleAccumulator> _cycles = [];
    private readonly int _required;
    private readonly bool _separate;
    private readonly bool _single;
    private readonly bool _integrateCapacity;
    private readonly bool _energySeparate;
    private readonly bool _energySingle;
    private readonly bool _integrateEnergy;
    private readonly double _timeScale;

    private CycleAccumulator? _current;
    private int _prevCycle = int.MinValue;
    private double _prevStep = double.NaN;
    private char _prevDir;
    private double _prevChg = double.NaN;
    private double _prevDchg = double.NaN;
    private double _prevCap = double.NaN;
    private double _prevChgE = double.NaN;
    private double _prevDchgE = double.NaN;
    private double _prevEnergy = double.NaN;
    private double _prevTime = double.NaN;
    private double _prevI = double.NaN;
    private double _prevV = double.NaN;
    private bool _timeIsClock;
    private bool _timeKindKnown;
    private bool _warnedDate;
    private long _rowsWithoutCycle;
    private long _rows;

    public TimeSeriesSummariser(ColumnMap map, ReadOptions options, List<string> warnings)
    {
        _map = map;
        _options = options;
        _warnings = warnings;
        _separate = map.Has(ColumnRole.ChargeCapacity) || map.Has(ColumnRole.DischargeCapacity);
        _single = !_separate && map.Has(ColumnRole.Capacity);
        bool hasTime = map.Has(ColumnRole.TestTime) || map.Has(ColumnRole.DateTime);
        _integrateCapacity = !_separate && !_single && map.Has(ColumnRole.Current) && hasTime;
        _energySeparate = map.Has(ColumnRole.ChargeEnergy) || map.Has(ColumnRole.DischargeEnergy);
        _energySingle = !_energySeparate && map.Has(ColumnRole.Energy);
        _integrateEnergy = !_energySeparate && !_energySingle && map.Has(ColumnRole.Current)
                           && map.Has(ColumnRole.Voltage) && hasTime;
        _timeScale = map.TimeUnitMissing ? options.UnitlessTimeScale : map.Scale(ColumnRole.TestTime);
        if (_integrateCapacity)
        {
            warnings.Add("No capacity columns: capacity is the integral of current over time.");
        }

        if (_integrateEnergy)
        {
            warnings.Add("No energy columns: energy is the integral of current × voltage over time.");
        }

        _required = RequiredMaxIndex(map);
    }

    /// <summary>False when only a discharge counter is given: the charge is unknown, not zero.</summary>
    public bool HasCharge => !_separate || _map.Has(ColumnRole.ChargeCapacity);

    public bool HasEnergy => _energySeparate || _energySingle || _integrateEnergy;

    public bool CanSummarise => _separate || _single || _integrateCapacity;

    public long RowsWithoutCycle => _rowsWithoutCycle;

    public long Rows => _rows;

    /// <summary>The number of fields a row must have.</summary>
    public int RequiredFields => _required + 1;

    private static int RequiredMaxIndex(ColumnMap map)
    {
        int max = -1;
        foreach (var role in Enum.GetValues<ColumnRole>())
        {
            if (role is ColumnRole.Temperature or ColumnRole.StartTime or ColumnRole.EndTime)
            {
                continue; // optional trailing columns may be left empty and cut short
            }

            max = Math.Max(max, map[role]);
        }

        return max;
    }

    private struct Sample
    {
        public double Cycle;
        public double Step;
        public double Time;
        public double Current;
        public double Voltage;
        public double Chg;
        public double Dchg;
        public double Cap;
        public double ChgE;
        public double DchgE;
        public double Energy;
        public double Temp;
        public char Dir;
    }

    /// <summary>Parses and applies one data row; returns the error instead of throwing it.</summary>
    public CyclerDataException? Add(long lineNumber, ReadOnlySpan<char> line, ReadOnlySpan<Range> fields)
    {
        if (fields.Length <= _required)
        {
            string missing = _map.Header.Count > fields.Length ? _map.Header[fields.Length] : "?";
            return new CyclerDataException(lineNumber, missing,
                $"row has {fields.Length} fields but the header has {_map.Header.Count}");
        }

        var s = default(Sample);
        if (!Num(ColumnRole.Cycle, lineNumber, line, fields, out s.Cycle) || !Num(ColumnRole.Step, lineNumber, line, fields, out s.Step) || !Num(ColumnRole.Current, lineNumber, line, fields, out s.Current)
            || (_integrateEnergy ? !Num(ColumnRole.Voltage, lineNumber, line, fields, out s.Voltage) : !NaN(out s.Voltage)) || !Num(ColumnRole.ChargeCapacity, lineNumber, line, fields, out s.Chg)
            || !Num(ColumnRole.DischargeCapacity, lineNumber, line, fields, out s.Dchg) || !Num(ColumnRole.Capacity, lineNumber, line, fields, out s.Cap)
            || !Num(ColumnRole.ChargeEnergy, lineNumber, line, fields, out s.ChgE) || !Num(ColumnRole.DischargeEnergy, lineNumber, line, fields, out s.DchgE)
            || !Num(ColumnRole.Energy, lineNumber, line, fields, out s.Energy) || !Num(ColumnRole.Temperature, lineNumber, line, fields, out s.Temp))
        {
            return _error!;
        }

        if (!double.IsNaN(s.Cycle) && (s.Cycle < 0 || s.Cycle > 10_000_000 || Math.Abs(s.Cycle - Math.Round(s.Cycle)) > 1e-6))
        {
            return new CyclerDataException(lineNumber, _map.Name(ColumnRole.Cycle), $"cycle index {s.Cycle} is not a whole number in 0..10,000,000");
        }

        s.Time = double.NaN;
        DateTimeOffset? clock = null;
        if (_map.Has(ColumnRole.TestTime))
        {
            var err = ParseTime(lineNumber, line[fields[_map[ColumnRole.TestTime]]], out s.Time, out clock);
            if (err is not null)
            {
                return err;
            }
        }

        s.Dir = _map.Has(ColumnRole.State) ? Direction(line[fields[_map[ColumnRole.State]]]) : '\0';
        if (double.IsNaN(s.Cycle))
        {
            _rowsWithoutCycle++;
            return null;
        }

        Apply(ref s, clock, line, fields);
        return null;
    }

    private static bool NaN(out double v)
    {
        v = double.NaN;
        return true;
    }

    private bool Num(ColumnRole role, long lineNumber, ReadOnlySpan<char> line, ReadOnlySpan<Range> fields, out double v)
    {
        int idx = _map[role];
        if (idx < 0 || idx >= fields.Length)
        {
            v = double.NaN;
            return true;
        }

        var text = line[fields[idx]];
        if (!Values.TryParseNumber(text, _options.DecimalComma, out v))
        {
            string shown = text.Length > 40 ? text[..40].ToString() + "…" : text.ToString();
            _error = new CyclerDataException(lineNumber, _map.Header[idx], $"'{shown}' is not a number");
            return false;
        }

        v = v * _map.Scale(role) + _map.Offset(role);
        return true;
    }

    private CyclerDataException? _error;

    private CyclerDataException? ParseTime(long lineNumber, ReadOnlySpan<char> text, out double seconds, out DateTimeOffset? clock)
    {
        clock = null;
        if (!_timeKindKnown && !text.Trim().IsEmpty)
        {
            _timeKindKnown = true;
            _timeIsClock = !Values.TryParseNumber(text, _options.DecimalComma, out _)
                           && !Values.TryParseDuration(text, _options.DecimalComma, out _)
                           && Values.TryParseDate(text, _options.DayFirstDates, false, out _);
        }

        if (_timeIsClock)
        {
            if (text.Trim().IsEmpty)
            {
                seconds = double.NaN;
                return null;
            }

            if (Values.TryParseDate(text, _options.DayFirstDates, false, out var c))
            {
                clock = c;
                seconds = c.UtcTicks / (double)TimeSpan.TicksPerSecond;
                return null;
            }
        }
        else if (Values.TryParseNumber(text, _options.DecimalComma, out seconds))
        {
            seconds *= _timeScale;
            return null;
        }
        else if (Values.TryParseDuration(text, _options.DecimalComma, out seconds))
        {
            return null;
        }

        seconds = double.NaN;
        string shown = text.Length > 40 ? text[..40].ToString() + "…" : text.ToString();
        return new CyclerDataException(lineNumber, _map.Name(ColumnRole.TestTime), $"'{shown}' is not a time");
    }

    /// <summary>'C' charge, 'D' discharge, 'R' rest, '\0' unknown (then the current's sign decides).</summary>
    private static char Direction(ReadOnlySpan<char> state)
    {
        state = state.Trim();
        if (state.IsEmpty)
        {
            return '\0';
        }

        if (state.Length == 1)
        {
            return state[0] switch { 'C' or 'c' => 'C', 'D' or 'd' => 'D', 'R' or 'r' => 'R', _ => '\0' };
        }

        if (state.Contains("dchg", StringComparison.OrdinalIgnoreCase) || state.Contains("discharge", StringComparison.OrdinalIgnoreCase))
        {
            return 'D';
        }

        if (state.Contains("chg", StringComparison.OrdinalIgnoreCase) || state.Contains("charge", StringComparison.OrdinalIgnoreCase))
        {
            return 'C';
        }

        if (state.Contains("rest", StringComparison.OrdinalIgnoreCase) || state.Contains("pause", StringComparison.OrdinalIgnoreCase))
        {
            return 'R';
        }

        return '\0';
    }

    private void Apply(ref Sample s, DateTimeOffset? clockFromTime, ReadOnlySpan<char> line, ReadOnlySpan<Range> fields)
    {
        _rows++;
        int cycle = (int)Math.Round(s.Cycle);
        bool newCycle = cycle != _prevCycle;
        if (newCycle)
        {
            if (!_cycles.TryGetValue(cycle, out _current))
            {
                _current = new CycleAccumulator(cycle);
                _cycles.Add(cycle, _current);
            }
        }

        var acc = _current!;
        acc.Rows++;
        char dir = s.Dir;
        if (dir == '\0' && !double.IsNaN(s.Current))
        {
            dir = s.Current > 0 ? 'C' : s.Current < 0 ? 'D' : 'R';
        }

        bool stepChanged = !double.IsNaN(s.Step) && s.Step != _prevStep;
        bool boundary = newCycle || stepChanged || (dir != _prevDir && dir is 'C' or 'D');

        if (_options.FirstDischargePerCycle && !acc.Ignoring)
        {
            if (dir == 'D' && acc.SawChargeAfterDischarge)
            {
                acc.Ignoring = true;
                acc.IgnoredFromStep = s.Step;
            }
            else if (dir == 'D')
            {
                acc.SawDischarge = true;
            }
            else if (dir == 'C' && acc.SawDischarge)
            {
                acc.SawChargeAfterDischarge = true;
            }
        }

        double charge0 = acc.Charge, discharge0 = acc.Discharge, chargeEnergy0 = acc.ChargeEnergy, dischargeEnergy0 = acc.DischargeEnergy;
        if (_separate)
        {
            acc.Charge += Delta(ref _prevChg, s.Chg, boundary);
            acc.Discharge += Delta(ref _prevDchg, s.Dchg, boundary);
        }
        else if (_single)
        {
            double d = Delta(ref _prevCap, s.Cap, boundary);
            if (dir == 'C')
            {
                acc.Charge += d;
            }
            else if (dir == 'D')
            {
                acc.Discharge += d;
            }
        }

        if (_energySeparate)
        {
            acc.ChargeEnergy += Delta(ref _prevChgE, s.ChgE, boundary);
            acc.DischargeEnergy += Delta(ref _prevDchgE, s.DchgE, boundary);
        }
        else if (_energySingle)
        {
            double d = Delta(ref _prevEnergy, s.Energy, boundary);
            if (dir == 'C')
            {
                acc.ChargeEnergy += d;
            }
            else if (dir == 'D')
            {
                acc.DischargeEnergy += d;
            }
        }

        DateTimeOffset? clock = clockFromTime;
        bool needClock = (newCycle && acc.Start is null) || double.IsNaN(s.Time);
        if (clock is null && needClock)
        {
            clock = ReadClock(s.Time, line, fields);
        }

        double t = s.Time;
        if (double.IsNaN(t) && clock is { } ck)
        {
            t = ck.UtcTicks / (double)TimeSpan.TicksPerSecond;
        }

        if ((_integrateCapacity || _integrateEnergy) && !newCycle && !double.IsNaN(t) && !double.IsNaN(_prevTime)
            && !double.IsNaN(s.Current) && !double.IsNaN(_prevI))
        {
            double dt = t - _prevTime;
            if (dt > 0 && dt < MaxIntegrationGapSeconds)
            {
                double iAvg = 0.5 * (s.Current + _prevI);
                char d = s.Dir is 'C' or 'D' ? s.Dir : iAvg > 0 ? 'C' : 'D';
                if (_integrateCapacity)
                {
                    double dq = Math.Abs(iAvg) * dt / 3600;
                    if (d == 'C') acc.Charge += dq; else acc.Discharge += dq;
                }

                if (_integrateEnergy && !double.IsNaN(s.Voltage) && !double.IsNaN(_prevV))
                {
                    double de = Math.Abs(0.5 * (s.Current * s.Voltage + _prevI * _prevV)) * dt / 3600;
                    if (d == 'C') acc.ChargeEnergy += de; else acc.DischargeEnergy += de;
                }
            }
        }

        if (acc.Ignoring)
        {
            // A second discharge of this cycle index: counted aside for the warning, not in the cycle.
            acc.IgnoredCharge += acc.Charge - charge0;
            acc.IgnoredDischarge += acc.Discharge - discharge0;
            (acc.Charge, acc.Discharge, acc.ChargeEnergy, acc.DischargeEnergy) = (charge0, discharge0, chargeEnergy0, dischargeEnergy0);
        }

        if (!double.IsNaN(s.Temp) && s.Temp > -100 && s.Temp < 250)
        {
            acc.TempMin = Math.Min(acc.TempMin, s.Temp);
            acc.TempMax = Math.Max(acc.TempMax, s.Temp);
            acc.TempSum += s.Temp;
            acc.TempCount++;
        }

        if (!double.IsNaN(t))
        {
            if (double.IsNaN(acc.FirstTime))
            {
                acc.FirstTime = t;
            }

            acc.LastTime = t;
        }

        if (acc.Start is null && clock is not null)
        {
            acc.Start = clock;
        }

        if (clock is not null)
        {
            acc.LastClock = clock;
        }

        _prevCycle = cycle;
        _prevStep = s.Step;
        if (dir is 'C' or 'D' or 'R')
        {
            _prevDir = dir;
        }

        _prevTime = t;
        _prevI = s.Current;
        _prevV = s.Voltage;
    }

    private DateTimeOffset? ReadClock(double testTime, ReadOnlySpan<char> line, ReadOnlySpan<Range> fields)
    {
        int idx = _map[ColumnRole.DateTime];
        if (idx >= 0 && idx < fields.Length)
        {
            var text = line[fields[idx]];
            if (Values.TryParseDate(text, _options.DayFirstDates, _options.ExcelSerialDates, out var c))
            {
                return c;
            }

            if (!_warnedDate && !text.Trim().IsEmpty)
            {
                _warnedDate = true;
                _warnings.Add($"Column '{_map.Header[idx]}': '{text.ToString()}' is not a recognised date; start times are left empty where it fails.");
            }

            return null;
        }

        if (_options.TestStart is { } start && !double.IsNaN(testTime))
        {
            return start.AddSeconds(testTime);
        }

        return null;
    }

    private static double Delta(ref double prev, double v, bool boundary)
    {
        if (double.IsNaN(v))
        {
            return 0;
        }

        v = Math.Abs(v);
        double d;
        if (double.IsNaN(prev) || v >= prev)
        {
            d = double.IsNaN(prev) ? v : v - prev;
        }
        else if (boundary || v < 0.5 * prev)
        {
            d = v;
        }
        else
        {
            return 0; // noise: keep the previous maximum
        }

        prev = v;
        return d;
    }

    public IReadOnlyList<CycleSummary> Finish(string fileDescription)
    {
        if (_cycles.Count == 0)
        {
            string why = _rowsWithoutCycle > 0
                ? $"{_rowsWithoutCycle} data rows, none with a value in the cycle column '{_map.Name(ColumnRole.Cycle)}'"
                : "no data rows after the header";
            throw new EmptyCyclerFileException($"No cycles found in {fileDescription}: {why}.");
        }

        if (_rowsWithoutCycle > 0)
        {
            _warnings.Add($"{_rowsWithoutCycle} rows had an empty cycle index and were skipped.");
        }

        foreach (var c in _cycles.Values.Where(c => c.Ignoring).OrderBy(c => c.Cycle))
        {
            string from = double.IsNaN(c.IgnoredFromStep) ? "" : $" (from step {c.IgnoredFromStep})";
            _warnings.Add(string.Create(CultureInfo.InvariantCulture, $"Cycle {c.Cycle} holds a second discharge after its charge{from}: {c.IgnoredDischarge * 1000:0.####} mAh discharged and "
                          + $"{c.IgnoredCharge * 1000:0.####} mAh charged there are left out; the cycle counts its first discharge and the charge after it (docs/cycler-formats.md)."));
        }

        int min = _cycles.Keys.Min();
        int offset = 0;
        if (min == 0)
        {
            offset = 1;
            _warnings.Add("Cycle indices start at 0; renumbered from 1 (cycle n in the file is n+1 here).");
        }

        return _cycles.Values.OrderBy(c => c.Cycle).Select(c => c.ToSummary(offset, HasCharge, HasEnergy)).ToArray();
    }
}
