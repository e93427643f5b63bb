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

    /// <summary>The literature table's leave-one-study-out report (design part of `twin evaluate`).</summary>
    public static void Print(LiteratureReport report, TextWriter? output = null)
    {
        var w = output ?? Console.Out;
        w.WriteLine($"Literature retention, leave-one-study-out ({report.Rows} results, {report.Studies} studies; each study forecast by models fitted without it)");
        w.WriteLine($"{"method",-56} {"ret. MAE",9} {"cov90",6} {"±90",8}");
        foreach (var r in report.Methods)
            w.WriteLine($"{r.Method,-56} {Num(r.RetentionMaePct) + " pp",9} {Pct(r.Coverage90),6} {(r.MeanHalfWidth90Pct is { } h ? Num(h) + " pp" : "-"),8}");
        var p = report.PairedEffect;
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Paired coating effect ({p.Pairs} coated-vs-bare pairs in {p.Studies} studies): coated retention from the bare control × fade ratio {p.CoatedFadeRatio:0.00}: MAE {Num(p.MaePct)} pp; assuming no effect: {Num(p.NoEffectMaePct)} pp. {p.PairsFavouringCoating} of {p.Pairs} published pairs favour the coating (publication bias)."));
    }

    static string Pct(double? v) => v is { } d && double.IsFinite(d) ? (100 * d).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";
    static string Num(double v) => double.IsFinite(v) ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
