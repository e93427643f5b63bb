using System.Globalization;
using Twin.Ml.Models;

namespace Twin.Cli.Commands;

/// <summary>Prints a cross-validation report as an aligned text table.</summary>
internal static class ReportTable
{
    public static void Print(EvaluationReport report, TextWriter? output = null)
    {
        var w = output ?? Console.Out;
        w.WriteLine($"Held-out accuracy ({report.Grouping})");
        w.WriteLine($"{"method",-38} {"domain",-10} {"units",5} {"EOL n",5} {"EOL MAPE",9} {"EOL MdAPE",9} {"ret. MAE",9} {"cov80",6} {"cov90",6} {"cov95",6} {"width90",8}");
        foreach (var r in report.Rows)
            w.WriteLine($"{r.Method,-38} {r.Domain,-10} {r.Units,5} {r.ExactUnits,5} {Pct(r.EolMape),9} {Pct(r.EolMedianApe),9} {Num(r.RetentionMaePct) + " pp",9} {Pct(r.Coverage80),6} {Pct(r.Coverage90),6} {Pct(r.Coverage95),6} {Pct(r.MeanRelativeWidth90),8}");
    }

    static string Pct(double? v) => v is { } d && double.IsFinite(d) ? (100 * d).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";
    static string Num(double v) => double.IsFinite(v) ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
