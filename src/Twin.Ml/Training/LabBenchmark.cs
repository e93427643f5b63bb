using System.Globalization;
using Twin.Core.Fleet;
using Twin.Core.Twins;

namespace Twin.Ml.Training;

/// <summary>One row of the lab benchmark: the twin's end-of-life scores and every baseline's MAPE on the same cells and cuts.</summary>
public sealed record LabRow(string Dataset, string Definition, string Task, double? Fraction, int Cells,
    double Mape, double AlphaLambda, double Coverage90, double Width90, IReadOnlyDictionary<string, double> BaselineMape)
{
    public string Label => $"{Dataset} {Definition} {Task}{(Fraction is { } f ? string.Create(CultureInfo.InvariantCulture, $" f={f}") : "")}";
    public KeyValuePair<string, double> Best => BaselineMape.MinBy(kv => kv.Value);
    public double Ratio => Mape / Best.Value;
}

/// <summary>T3: SOH trajectory RMSE (percentage points, mean of per-cell RMSE) after a cut at 40% of life, twin and baselines.</summary>
public sealed record LabTrajectoryRow(string Dataset, string Definition, int Cells, double TwinRmse, IReadOnlyDictionary<string, double> BaselineRmse);

public sealed record LabReport(IReadOnlyList<LabRow> Rows, IReadOnlyList<LabTrajectoryRow> Trajectories, double PooledCoverage90);

/// <summary>
/// The protocol of ../shared/eval/twin_benchmark.py on the repository's own copy of the public datasets: for each
/// dataset the train cells are the reference cells (complete histories) of a fleet, and each test cell is forecast
/// from its history cut at cycle 100 (T1) or at 20/40/60/80% of its true life (T2) — the forecaster sees only the
/// cut rows, never the fraction. The seven baselines B0, B1, B1e_lin, B1e_dexp, B2, B3, B3bc as baselines.py defines them.
/// </summary>
public static class LabBenchmark
{
    static readonly (string Dataset, string Definition, string Threshold)[] Rows =
    [
        ("severson_mit", "official", "0.88Ah"),
        ("severson_mit", "rel80", "0.8"),
        ("tongji_tju", "rel80", "0.8"),
        ("nasa_pcoe", "rel80", "0.8"),
        ("calce_cs2", "official", "0.88Ah"),
        ("harris2017_pouch", "rel80", "0.8"),
        ("formation_cui2024", "official", "0.8"),
    ];

    static readonly (string Task, double? Fraction)[] Tasks = [("T1", null), ("T2", 0.2), ("T2", 0.4), ("T2", 0.6), ("T2", 0.8)];
    const double Z90 = 1.6448536269514722;
    const double Alpha = 0.2;

    sealed record Rec(string Id, string Split, double Eol, double Cut, double Thr, double[] Cyc, double[] Soh,
        double? B1, LabBaselines.Power? Power, double? Lin, LabBaselines.Line? Line, double? Dexp, LabBaselines.DoubleExp? DoubleExp);

    public static LabReport Run(string datasetsRoot, Action<string>? progress = null, IReadOnlyCollection<string>? only = null, CancellationToken ct = default)
    {
        var rows = new List<LabRow>();
        var trajectories = new List<LabTrajectoryRow>();
        int hits = 0, scored = 0;
        var loaded = new Dictionary<string, LabDataset>();
        foreach (var (name, definition, thrText) in Rows)
        {
            if (only is { Count: > 0 } && !only.Contains(name)) continue;
            var cfg = LabDataset.Configs.Single(c => c.Name == name);
            if (!Directory.Exists(Path.Combine(datasetsRoot, name))) continue;
            if (!loaded.TryGetValue(name, out var ds)) loaded[name] = ds = LabDataset.Load(cfg, datasetsRoot);
            var truth = ds.CellIds.ToDictionary(id => id, id => ds.TruthOf(id, definition), StringComparer.Ordinal);
            var train = ds.Ids("train").Where(id => truth[id].Eol is not null).ToArray();
            if (train.Length < 2) continue;
            var b0 = train.Average(id => truth[id].Eol!.Value);
            var cap = 3 * train.Max(id => truth[id].Eol!.Value);
            var (b2, b2Loo) = Prior(ds, truth, train);
            var sigP2 = train.Average(id => Math.Pow(Math.Log(truth[id].Eol!.Value) - Math.Log(b2Loo[id]), 2));

            var threshold = EolThreshold.Parse(thrText);
            var references = ds.Ids("train").Select(id => new FleetCell(id, ds.SystemMeta(id),
                ds.Cells[id].Raw.Select(r => new CycleReading(r.Cycle, r.Capacity, r.Flagged)).ToArray())).ToArray();
            var fleet = ReferenceFleet.Fit(references, threshold, ct: ct);

            foreach (var (task, fraction) in Tasks)
            {
                var recs = ds.CellIds.AsParallel().AsOrdered().WithCancellation(ct).Select(id =>
                {
                    if (truth[id].Eol is not { } eol) return null;
                    double cut;
                    if (task == "T1") { if (eol <= 120) return null; cut = 100; }
                    else cut = Math.Floor(fraction!.Value * eol);
                    var (cyc, soh) = ds.History(id, cut);
                    if (cyc.Length == 0) return null;
                    var thr = truth[id].Threshold;
                    var pw = LabBaselines.FitPower(cyc, soh);
                    var ln = LabBaselines.FitLine(cyc, soh);
                    var lin = ln is null ? (double?)null : LabBaselines.Clip(ln.Eol(thr), cut, cap);
                    var dx = LabBaselines.FitDoubleExp(cyc, soh);
                    return new Rec(id, ds.Split[id], eol, cut, thr, cyc, soh,
                        pw is null ? null : LabBaselines.Clip(pw.Eol(thr), cut, cap), pw, lin, ln,
                        dx is null ? lin : LabBaselines.Clip(dx.Eol(thr, cut, cap), cut, cap), dx);
                }).Where(r => r is not null).Select(r => r!).ToList();
                var trn = recs.Where(r => r.Split == "train").ToArray();
                // B3's measurement: the curve variant with the lowest MAPE on the train cells at this task.
                Func<Rec, double?>? best = null;
                var bestMape = double.PositiveInfinity;
                foreach (var v in new Func<Rec, double?>[] { r => r.B1, r => r.Lin, r => r.Dexp })
                {
                    var vals = trn.Where(r => v(r) is not null).Select(r => Math.Abs(v(r)!.Value - r.Eol) / r.Eol).ToArray();
                    if (vals.Length < 3) continue;
                    if (vals.Average() < bestMape) (bestMape, best) = (vals.Average(), v);
                }
                double bias = 0, sigM2 = double.PositiveInfinity, sigBc2 = double.PositiveInfinity;
                if (best is not null)
                {
                    var le = trn.Where(r => best(r) is not null).Select(r => Math.Log(best(r)!.Value) - Math.Log(r.Eol)).ToArray();
                    bias = le.Average();
                    sigM2 = Math.Max(le.Average(e => e * e), 1e-6);
                    sigBc2 = le.Length > 1 ? Math.Max(le.Average(e => (e - bias) * (e - bias)), 1e-6) : double.PositiveInfinity;
                }
                var test = recs.Where(r => r.Split == "test").ToArray();
                if (test.Length == 0) continue;
                var forecasts = test.AsParallel().AsOrdered().WithCancellation(ct).Select(r =>
                    fleet.Forecast(ds.SystemMeta(r.Id), ds.Cells[r.Id].Raw.Where(x => x.Cycle <= r.Cut).Select(x => new CycleReading(x.Cycle, x.Capacity, x.Flagged)).ToArray(), threshold)).ToArray();

                var preds = new Dictionary<string, double[]>
                {
                    ["B0"] = test.Select(_ => b0).ToArray(),
                    ["B1"] = test.Select(r => r.B1 ?? LabBaselines.Clip(b0, r.Cut, cap)).ToArray(),
                    ["B1e_lin"] = test.Select(r => r.Lin ?? LabBaselines.Clip(b0, r.Cut, cap)).ToArray(),
                    ["B1e_dexp"] = test.Select(r => r.Dexp ?? LabBaselines.Clip(b0, r.Cut, cap)).ToArray(),
                    ["B2"] = test.Select(r => b2[r.Id]).ToArray(),
                    ["B3"] = test.Select(r => Fuse(Math.Log(b2[r.Id]), sigP2, best?.Invoke(r), 0, sigM2, r.Cut)).ToArray(),
                    ["B3bc"] = test.Select(r => Fuse(Math.Log(b2[r.Id]), sigP2, best?.Invoke(r), bias, sigBc2, r.Cut)).ToArray(),
                };
                double Mape(Func<int, double> p) => 100 * Enumerable.Range(0, test.Length).Average(i => Math.Abs(p(i) - test[i].Eol) / test[i].Eol);
                var t = test.Select(r => task == "T1" ? 100.0 : r.Cut).ToArray();
                var alpha = 100 * Enumerable.Range(0, test.Length).Average(i =>
                    Math.Abs(forecasts[i].EolP50 - test[i].Eol) <= Alpha * (test[i].Eol - t[i]) ? 1.0 : 0.0);
                var covered = Enumerable.Range(0, test.Length).Count(i => forecasts[i].EolLo90 <= test[i].Eol && test[i].Eol <= forecasts[i].EolHi90);
                hits += covered;
                scored += test.Length;
                var row = new LabRow(name, definition, task, fraction, test.Length, Mape(i => forecasts[i].EolP50), alpha,
                    100.0 * covered / test.Length, 100 * Enumerable.Range(0, test.Length).Average(i => (forecasts[i].EolHi90 - forecasts[i].EolLo90) / test[i].Eol),
                    preds.ToDictionary(kv => kv.Key, kv => Mape(i => kv.Value[i])));
                rows.Add(row);
                progress?.Invoke(Line(row));

                if (task == "T2" && fraction == 0.4)
                    trajectories.Add(Trajectory(ds, name, definition, test, forecasts, preds));
            }
        }
        return new LabReport(rows, trajectories, scored == 0 ? double.NaN : 100.0 * hits / scored);
    }

    /// <summary>T3 (TASKS.md): SOH at every later valid cycle up to end of life, against the raw measured SOH.</summary>
    static LabTrajectoryRow Trajectory(LabDataset ds, string name, string definition, Rec[] test, FleetForecast[] forecasts, Dictionary<string, double[]> preds)
    {
        var per = new Dictionary<string, List<double>>();
        void Add(string key, double rmse) => (per.TryGetValue(key, out var l) ? l : per[key] = []).Add(rmse);
        for (var i = 0; i < test.Length; i++)
        {
            var r = test[i];
            var c = ds.Cells[r.Id];
            var future = Enumerable.Range(0, c.Cycles.Length).Where(j => c.Cycles[j] > r.Cut && c.Cycles[j] <= r.Eol).ToArray();
            if (future.Length == 0) continue;
            double Rmse(Func<double, double> path) => 100 * Math.Sqrt(future.Average(j =>
            {
                var p = path(c.Cycles[j]);
                p = double.IsNaN(p) ? 0 : Math.Clamp(p, 0, 1.2);
                return (p - c.Soh[j]) * (p - c.Soh[j]);
            }));
            var f = forecasts[i];
            Add("twin", Rmse(n => f.SohAt((int)n) is var s && double.IsFinite(s) ? s : LabBaselines.Anchored(n, r.Cyc[^1], Current(ds, r.Soh), r.Thr, f.EolP50, r.Power?.B ?? 1)));
            var tA = r.Cyc[^1];
            var sA = Current(ds, r.Soh);
            var b = r.Power?.B ?? 1.0;
            Add("persist", Rmse(_ => sA));
            foreach (var key in new[] { "B0", "B2", "B3", "B3bc" })
                Add(key, Rmse(n => LabBaselines.Anchored(n, tA, sA, r.Thr, preds[key][i], b)));
            Add("B1", r.Power is { } pw ? Rmse(pw.Soh) : per["B0"][^1]);
            Add("B1e_lin", r.Line is { } ln ? Rmse(ln.Soh) : per["persist"][^1]);
            Add("B1e_dexp", r.DoubleExp is { } dx ? Rmse(dx.Soh) : per["B1e_lin"][^1]);
        }
        return new LabTrajectoryRow(name, definition, per.GetValueOrDefault("twin")?.Count ?? 0, per.GetValueOrDefault("twin")?.Average() ?? double.NaN,
            per.Where(kv => kv.Key != "twin").ToDictionary(kv => kv.Key, kv => kv.Value.Average()));
    }

    static double Current(LabDataset ds, double[] soh) => ds.Cfg.Checkup ? soh[^1] : LabDataset.Median(soh[Math.Max(0, soh.Length - 5)..]);

    static double Fuse(double muP, double sigP2, double? m, double bias, double sigM2, double cut)
    {
        double mu;
        if (m is { } v && double.IsFinite(sigM2))
        {
            double wp = 1 / sigP2, wm = 1 / sigM2;
            mu = (wp * muP + wm * (Math.Log(v) - bias)) / (wp + wm);
        }
        else mu = muP;
        return Math.Max(Math.Exp(mu), cut + 1);
    }

    /// <summary>B2: Severson's ridge on the charge protocol, else the mean life of the train cells in the same protocol group.</summary>
    static (Dictionary<string, double> All, Dictionary<string, double> Loo) Prior(LabDataset ds, Dictionary<string, LabDataset.Truth> truth, string[] train)
    {
        var all = new Dictionary<string, double>(StringComparer.Ordinal);
        var loo = new Dictionary<string, double>(StringComparer.Ordinal);
        var gm = train.Average(id => truth[id].Eol!.Value);
        if (ds.Cfg.Ridge)
        {
            string[] cols = ["charge_C1", "charge_switch_SOC_pct", "charge_C2"];
            double[]? Features(string id)
            {
                var x = cols.Select(c => double.TryParse(ds.Meta(id).GetValueOrDefault(c), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
                if (x.Any(v => !double.IsFinite(v))) return null;
                return [.. x, x[0] * x[1], x[0] * x[2], x[1] * x[2]];
            }
            var ok = ds.CellIds.Where(id => Features(id) is not null).ToArray();
            var trIds = train.Where(id => Features(id) is not null).ToArray();
            var (p, l) = LabBaselines.Ridge(trIds.Select(id => Features(id)!).ToArray(), trIds.Select(id => Math.Log(truth[id].Eol!.Value)).ToArray(), ok.Select(id => Features(id)!).ToArray());
            for (var i = 0; i < ok.Length; i++) all[ok[i]] = Math.Exp(p[i]);
            foreach (var id in ds.CellIds) all.TryAdd(id, gm);
            for (var i = 0; i < trIds.Length; i++) loo[trIds[i]] = Math.Exp(l[i]);
            foreach (var id in train) loo.TryAdd(id, gm);
            return (all, loo);
        }
        var groups = train.GroupBy(ds.GroupKey).ToDictionary(g => g.Key, g => g.Select(id => truth[id].Eol!.Value).ToList());
        foreach (var id in ds.CellIds) all[id] = groups.TryGetValue(ds.GroupKey(id), out var g) ? g.Average() : gm;
        foreach (var id in train)
        {
            var others = new List<double>(groups[ds.GroupKey(id)]);
            others.Remove(truth[id].Eol!.Value);
            loo[id] = others.Count > 0 ? others.Average() : train.Where(o => o != id).Select(o => truth[o].Eol!.Value).DefaultIfEmpty(gm).Average();
        }
        return (all, loo);
    }

    /// <summary>A row in the benchmark's own format.</summary>
    public static string Line(LabRow r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Label}: MAPE {r.Mape:0.0}% vs best baseline {r.Best.Key} {r.Best.Value:0.0}% (ratio {r.Ratio:0.00}) | alpha-lambda {r.AlphaLambda:0}% | cov90 {r.Coverage90:0}% width90 {r.Width90:0}% | n={r.Cells} {(r.Ratio < 1 ? "OK" : "SHORT")}");

    public static string Summary(LabReport report)
    {
        var ratios = report.Rows.Select(r => r.Ratio).Order().ToArray();
        var median = ratios.Length == 0 ? double.NaN : ratios.Length % 2 == 1 ? ratios[ratios.Length / 2] : 0.5 * (ratios[ratios.Length / 2 - 1] + ratios[ratios.Length / 2]);
        return string.Create(CultureInfo.InvariantCulture,
            $"summary: beats the best baseline in {ratios.Count(r => r < 1)}/{ratios.Length} rows; median MAPE ratio {median:0.00}, worst {(ratios.Length == 0 ? double.NaN : ratios[^1]):0.00}; pooled cov90 {report.PooledCoverage90:0}%");
    }

    public static string TrajectoryLine(LabTrajectoryRow t)
    {
        var best = t.BaselineRmse.MinBy(kv => kv.Value);
        return string.Create(CultureInfo.InvariantCulture,
            $"{t.Dataset} {t.Definition} T3 f=0.4: SOH RMSE {t.TwinRmse:0.00} pp vs best baseline {best.Key} {best.Value:0.00} pp (ratio {t.TwinRmse / best.Value:0.00}) | {string.Join(" ", t.BaselineRmse.Select(kv => $"{kv.Key} {kv.Value:0.00}"))} | n={t.Cells}");
    }
}
