using System.Globalization;
using System.Text;
using Twin.Ml.Training;

namespace Twin.Cli.Commands;

/// <summary>The cross-dataset twin accuracy table of `twin evaluate --twins` as markdown.</summary>
internal static class AccuracyReport
{
    public static string Markdown(TwinEvaluationReport report, string dataHash)
    {
        var s = new StringBuilder();
        s.AppendLine("# Cell twin accuracy across datasets (design prior)");
        s.AppendLine();
        s.AppendLine("Not the lab protocol: whole datasets are held out and the prior is the design model. For forecasts from a lab's own");
        s.AppendLine("earlier cells (`twin forecast --reference-cells`), see docs/accuracy.md (the ../shared/eval benchmark).");
        s.AppendLine();
        s.AppendLine($"Written by `twin evaluate --twins` on training data {dataHash}. Held-out cells: {report.Cells} cells of the public datasets");
        s.AppendLine("whose end of life (first cycle below 80% of the initial capacity) is observed. Each is cut at 20/40/60/80% of its life");
        s.AppendLine("and at its first 100 cycles; the forecaster sees only the cut history and the cell's design (never the fraction, the");
        s.AppendLine("rule or the label). Its design prior comes from a model trained without the cell's group (grouped 5-fold), and its");
        s.AppendLine("interval scale from the other folds' cells (cross-conformal). A case needs at least 10 cycles of history (a few NASA");
        s.AppendLine("cells reach 80% within 10–50 cycles, so their early cuts are left out).");
        s.AppendLine();
        s.AppendLine("- EOL MAPE: mean |forecast − true| / true cycles to 80%; MdAPE: the median of the same (a few cells with very short lives dominate the mean).");
        s.AppendLine("- α-λ: share of cases whose forecast remaining life is within ±20% of the true remaining life.");
        s.AppendLine("- cov80/90/95: share of true ends of life inside the 80/90/95% interval; width90: mean 90% width relative to the true EOL.");
        s.AppendLine();
        s.AppendLine("| cut | method | cases | EOL MAPE | EOL MdAPE | α-λ (±20%) | cov80 | cov90 | cov95 | width90 |");
        s.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in report.Rows)
            s.AppendLine($"| {r.Cut} | {r.Method} | {r.Cases} | {Pct(r.EolMape)} | {Pct(r.EolMedianApe)} | {Pct(r.AlphaLambda)} | {Pct(r.Coverage80)} | {Pct(r.Coverage90)} | {Pct(r.Coverage95)} | {Pct(r.MeanRelativeWidth90)} |");
        s.AppendLine();
        s.AppendLine($"Conformal scale of the posterior intervals by data weight (all folds pooled, {report.Calibration.Count} cases):");
        s.AppendLine();
        s.AppendLine("| data weight ≤ | cases | ×80% | ×90% | ×95% |");
        s.AppendLine("|---:|---:|---:|---:|---:|");
        foreach (var b in report.Calibration.Buckets)
            s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {b.MaxDataWeight:0.0} | {b.Count} | {b.Scale80:0.00} | {b.Scale90:0.00} | {b.Scale95:0.00} |"));
        return s.ToString();
    }

    static string Pct(double? v) => v is { } d && double.IsFinite(d) ? (100 * d).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";
}
