using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Twin.Core.Csv;

namespace Twin.Ml.Training;

/// <summary>
/// One public dataset of training-data/datasets read the way the lab benchmark (../shared/eval, evallib.py) reads it:
/// valid rows, Q_ref, SOH and its smoothed path, the end of life of each definition, the hash split stratified by
/// protocol group, and the metadata a forecaster may see (labels and whole-life summaries removed).
/// </summary>
internal sealed partial class LabDataset
{
    public const double Rel80 = 0.80;
    const int NRef = 5;
    const double OfficialMaxThreshold = 0.90;

    public sealed record Config(string Name, bool Checkup, string QColumn, string[]? Group, bool Ridge, bool SeversonSplit,
        string? OfficialLabel, double? OfficialThresholdAh, double? OfficialRelative, string[] Exclude, string[] DropMeta);

    /// <summary>The datasets and rules of evallib.py's CONFIG that the benchmark's rows use (NASA's and Tongji's official definitions are not scored).</summary>
    public static readonly Config[] Configs =
    [
        new("severson_mit", false, "discharge_capacity_Ah", null, true, true, "cycle_life_severson", 0.88, null, ["b3c42", "b3c43"],
            ["cycle_life_severson", "severson_split", "first_cycle", "last_cycle", "n_cycles", "final_QD_Ah", "first_cycle_below_0p88Ah_in_data"]),
        new("tongji_tju", false, "discharge_capacity_Ah", ["source_dataset", "temperature_C", "charge_rate_C", "discharge_rate_C"], false, false, null, null, null, [],
            ["n_cycles", "final_capacity_Ah", "first_cycle_below_80pct_nominal"]),
        new("nasa_pcoe", false, "discharge_capacity_Ah", ["ambient_C", "discharge"], false, false, null, null, null,
            ["B0033", "B0038", "B0039", "B0040", "B0049", "B0050", "B0051", "B0052"],
            ["n_discharge_cycles", "final_capacity_Ah", "min_capacity_Ah", "first_cycle_below_1p4Ah"]),
        new("calce_cs2", false, "discharge_capacity_Ah", null, false, false, null, 0.88, null, [],
            ["n_cycles", "last_cycle_time", "final_capacity_Ah", "first_cycle_below_0p88Ah"]),
        new("harris2017_pouch", false, "normalized_discharge_capacity", null, false, false, null, null, null, [],
            ["n_cycles", "last_cycle", "final_normalized_capacity", "min_normalized_capacity", "first_cycle_below_0p8"]),
        new("formation_cui2024", true, "discharge_capacity_Ah",
            ["formation_temperature", "formation_charge_current_1", "formation_cutoff_voltage_1", "formation_charge_current_2", "ocv_time", "formation_verification_repeat"],
            false, false, "regu_life", null, 0.80, [],
            ["rpt_low_life", "rpt_med_life", "regu_life", "regu_knee", "q_throughput", "e_throughput"]),
    ];

    [GeneratedRegex(@"(cycle_life|_life$|^regu_knee|cycles_to_|ahah_to_|first_cycle_below|first_checkup_below|^n_cycles$|^n_checkups$|^n_discharge|^final_|^min_capacity|^min_normalized|last_cycle|last_checkup|throughput|_split$|program_duration|_dch_cap_at_c)")]
    private static partial Regex FutureMeta();

    /// <summary>A raw row as the system gets it (flagged rows kept, NaN capacities dropped).</summary>
    public readonly record struct RawRow(int Cycle, double Capacity, bool Flagged);

    public sealed class Cell
    {
        public required string Id { get; init; }
        public required double[] Cycles { get; init; }
        public required double[] Soh { get; init; }
        public required double[] Smooth { get; init; }
        public required double QRef { get; init; }
        public required RawRow[] Raw { get; init; }
    }

    public sealed record Truth(double? Eol, double Threshold);

    public Config Cfg { get; }
    public Dictionary<string, Cell> Cells { get; } = new(StringComparer.Ordinal);
    public List<string> CellIds { get; }
    public Dictionary<string, string> Split { get; } = new(StringComparer.Ordinal);
    readonly Dictionary<string, Dictionary<string, string>> _meta = new(StringComparer.Ordinal);
    readonly List<string> _metaColumns;

    LabDataset(Config cfg, string folder)
    {
        Cfg = cfg;
        var rows = new List<(string Id, int Cycle, double Q, bool Flag, int Order)>();
        using (var reader = File.OpenText(Path.Combine(folder, "capacity.csv")))
        {
            var order = 0;
            foreach (var r in CsvReader.Read(reader))
            {
                var q = double.TryParse(r.Get(cfg.QColumn), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
                var flag = r.Has("suspect_outlier") && double.TryParse(r.Get("suspect_outlier"), NumberStyles.Float, CultureInfo.InvariantCulture, out var fl) && (int)fl == 1;
                rows.Add((r.Required("cell_id"), (int)double.Parse(r.Required("cycle"), CultureInfo.InvariantCulture), q, flag, order++));
            }
        }
        using (var reader = File.OpenText(Path.Combine(folder, "cells.csv")))
        {
            List<string>? columns = null;
            foreach (var r in CsvReader.Read(reader))
            {
                columns ??= r.Columns.ToList();
                _meta[r.Required("cell_id")] = columns.ToDictionary(c => c, c => r.Get(c) ?? "");
            }
            _metaColumns = columns ?? [];
        }
        var excluded = new HashSet<string>(cfg.Exclude, StringComparer.Ordinal);
        foreach (var g in rows.GroupBy(r => r.Id))
        {
            // Sorted by cycle (stable), the later of duplicated cycles kept; valid = capacity present and not flagged.
            var kept = g.OrderBy(r => r.Cycle).ThenBy(r => r.Order).GroupBy(r => r.Cycle).Select(d => d.Last()).ToArray();
            var raw = kept.Where(r => !double.IsNaN(r.Q)).Select(r => new RawRow(r.Cycle, r.Q, r.Flag)).ToArray();
            var valid = kept.Where(r => !double.IsNaN(r.Q) && !r.Flag).ToArray();
            if (valid.Length == 0) continue;
            var q = valid.Select(r => r.Q).ToArray();
            var qref = cfg.Checkup ? q[0] : Median(q.Take(NRef).ToArray());
            var soh = q.Select(v => v / qref).ToArray();
            var smooth = cfg.Checkup ? (double[])soh.Clone() : RollingMedian(soh, 5);
            if (smooth.Max() > 1.10) excluded.Add(g.Key);
            Cells[g.Key] = new Cell { Id = g.Key, Cycles = valid.Select(r => (double)r.Cycle).ToArray(), Soh = soh, Smooth = smooth, QRef = qref, Raw = raw };
        }
        CellIds = Cells.Keys.Where(c => !excluded.Contains(c) && _meta.ContainsKey(c)).OrderBy(c => c, StringComparer.Ordinal).ToList();
        MakeSplit();
    }

    public static LabDataset Load(Config cfg, string datasetsRoot) => new(cfg, Path.Combine(datasetsRoot, cfg.Name));

    public IReadOnlyDictionary<string, string> Meta(string id) => _meta[id];

    /// <summary>The metadata a forecaster may see: no labels, no whole-life summaries, no split.</summary>
    public Dictionary<string, string?> SystemMeta(string id)
    {
        var drop = new HashSet<string>(Cfg.DropMeta, StringComparer.Ordinal);
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var c in _metaColumns)
        {
            if (c == "cell_id" || c == "split" || drop.Contains(c) || FutureMeta().IsMatch(c)) continue;
            result[c] = _meta[id][c];
        }
        result["coating"] = "none";
        return result;
    }

    public IEnumerable<string> Ids(string split) => CellIds.Where(c => Split[c] == split);

    /// <summary>Protocol group key as Python prints the pandas values (floats with ".0", missing as NA).</summary>
    public string GroupKey(string id)
    {
        if (Cfg.Group is null) return "all";
        return string.Join("|", Cfg.Group.Select(c => PythonText(c, _meta[id].GetValueOrDefault(c) ?? "")));
    }

    string PythonText(string column, string value)
    {
        if (value.Length == 0) return "NA";
        var numeric = _meta.Values.All(m => (m.GetValueOrDefault(column) ?? "") is var v && (v.Length == 0 || double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)));
        if (!numeric) return value;
        var asFloat = _meta.Values.Any(m => (m.GetValueOrDefault(column) ?? "") is var v && (v.Length == 0 || !long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)));
        var d = double.Parse(value, CultureInfo.InvariantCulture);
        if (!asFloat) return ((long)d).ToString(CultureInfo.InvariantCulture);
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    void MakeSplit()
    {
        if (Cfg.SeversonSplit)
        {
            foreach (var id in CellIds)
                Split[id] = _meta[id].GetValueOrDefault("severson_split") switch { "train" => "train", "test" => "test", "secondary_test" => "test2", _ => "excluded" };
            return;
        }
        var toggle = 0;
        foreach (var group in CellIds.GroupBy(GroupKey).OrderBy(g => g.Key, StringComparer.Ordinal))
            foreach (var id in group.OrderBy(Sha, StringComparer.Ordinal))
                Split[id] = toggle++ % 2 == 0 ? "train" : "test";
    }

    static string Sha(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));

    /// <summary>End of life and SOH threshold of one cell under "rel80" or "official".</summary>
    public Truth TruthOf(string id, string definition)
    {
        var c = Cells[id];
        if (definition == "rel80") return new Truth(Crossing(c, Rel80), Rel80);
        if (Cfg.OfficialLabel is { } label)
        {
            var thr = Cfg.OfficialThresholdAh is { } ah ? ah / c.QRef : Cfg.OfficialRelative ?? Rel80;
            var text = _meta[id].GetValueOrDefault(label);
            return new Truth(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null, thr);
        }
        var t = Cfg.OfficialThresholdAh!.Value / c.QRef;
        return t > OfficialMaxThreshold ? new Truth(null, t) : new Truth(Crossing(c, t), t);
    }

    double? Crossing(Cell c, double thr)
    {
        var i = Array.FindIndex(c.Smooth, s => s < thr);
        if (i < 0) return null;
        if (!Cfg.Checkup || i == 0) return c.Cycles[i];
        double c0 = c.Cycles[i - 1], c1 = c.Cycles[i], s0 = c.Smooth[i - 1], s1 = c.Smooth[i];
        var x = c0 + (s0 - thr) / (s0 - s1) * (c1 - c0);
        return Math.Min(c1, Math.Max(c0 + 1, Math.Ceiling(x - 1e-9)));
    }

    /// <summary>Valid cycles and raw SOH with cycle ≤ cut.</summary>
    public (double[] Cycles, double[] Soh) History(string id, double cut)
    {
        var c = Cells[id];
        var k = c.Cycles.Count(x => x <= cut);
        return (c.Cycles[..k], c.Soh[..k]);
    }

    public static double Median(double[] v)
    {
        var s = v.Order().ToArray();
        var n = s.Length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    /// <summary>pandas' rolling(window, center=True, min_periods=1).median().</summary>
    static double[] RollingMedian(double[] x, int window)
    {
        var result = new double[x.Length];
        var half = window / 2;
        for (var i = 0; i < x.Length; i++)
        {
            var from = Math.Max(0, i - half);
            var to = Math.Min(x.Length, i + window - half);
            result[i] = Median(x[from..to]);
        }
        return result;
    }
}
