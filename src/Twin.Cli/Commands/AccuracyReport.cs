using System.Globalization;
using System.Text;
using Twin.Ml.Training;

namespace Twin.Cli.Commands;

/// <summary>`twin evaluate --twins --out`: the lab benchmark's rows, the baselines beside the twin and the T3 trajectory RMSE, as markdown.</summary>
internal static class AccuracyReport
{
    static readonly string[] Baselines = ["B0", "B1", "B1e_lin", "B1e_dexp", "B2", "B3", "B3bc"];

    public static string Markdown(LabReport report, TimeSpan elapsed)
    {
        var s = new StringBuilder();
        s.AppendLine("## `twin evaluate --twins` (the benchmark's protocol on training-data/datasets)");
        s.AppendLine();
        s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Written by `twin evaluate --twins --out` in {elapsed.TotalSeconds:0} s. Each dataset's train cells (the benchmark's split) are the"));
        s.AppendLine("reference cells; each test cell is forecast from its rows up to cycle 100 (T1) or up to ⌊f × its true life⌋ (T2), never told f.");
        s.AppendLine("The seven baselines as `../shared/eval/baselines.py` defines them, ported to C#. MAPE in %, ratio = twin / best baseline.");
        s.AppendLine();
        s.AppendLine("```");
        foreach (var r in report.Rows) s.AppendLine(LabBenchmark.Line(r));
        s.AppendLine(LabBenchmark.Summary(report));
        s.AppendLine("```");
        s.AppendLine();
        s.AppendLine("| row | n | twin | " + string.Join(" | ", Baselines) + " | α-λ | cov90 | width90 |");
        s.AppendLine("|---|---:|---:|" + string.Concat(Baselines.Select(_ => "---:|")) + "---:|---:|---:|");
        foreach (var r in report.Rows)
            s.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Label} | {r.Cells} | **{r.Mape:0.0}** | {string.Join(" | ", Baselines.Select(b => r.BaselineMape.TryGetValue(b, out var v) ? v.ToString("0.0", CultureInfo.InvariantCulture) : "–"))} | {r.AlphaLambda:0} | {r.Coverage90:0} | {r.Width90:0} |"));
        s.AppendLine();
        s.AppendLine("T3 (TASKS.md): history cut at 40% of life, the forecast SOH path against every later measured SOH up to end of life;");
        s.AppendLine("mean over cells of the per-cell RMSE, in percentage points of SOH.");
        s.AppendLine();
        s.AppendLine("```");
        foreach (var t in report.Trajectories) s.AppendLine(LabBenchmark.TrajectoryLine(t));
        s.AppendLine("```");
        return s.ToString();
    }
}
