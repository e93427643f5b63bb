using System.CommandLine;
using System.Globalization;
using Twin.Cli.Output;
using Twin.Core.Csv;
using Twin.Core.Designs;
using Twin.Ml.Prediction;

namespace Twin.Cli.Commands;

/// <summary>
/// `twin predict --designs designs.csv --out preds.csv`: every input column plus retention and
/// cycles to 80%, each with a 90% interval. Retention is the fade law's at the row's cycle count
/// for commercial designs, and the lab retention model's (retention at the end of a test as the
/// literature reports it, whatever its length) for lab designs; `retention_basis` says which.
/// All rows are validated before anything is written; the output appears whole or not at all.
/// </summary>
internal static class PredictCommand
{
    public static readonly string[] OutputColumns = ["retention_pct", "retention_lo90", "retention_hi90", "retention_basis", "eol_cycles", "eol_lo90", "eol_hi90"];

    /// <summary>Values of retention_basis.</summary>
    public const string FadeLawBasis = "fade_law_at_cycles", LabModelBasis = "lab_retention_model";

    public static Command Create()
    {
        var designs = new Option<FileInfo>("--designs") { Description = "CSV with the design columns (docs/design-schema.md) and `cycles`.", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "Where to write the predictions CSV (without it, they are printed as --output says)." };
        var format = OutputOption.Create();
        var models = CliOptions.Models();
        var name = CliOptions.Name();
        var command = new Command("predict", "Forecast capacity retention and cycles to 80% for designs, with 90% intervals.")
        {
            designs, output, format, models, name,
        };
        command.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            var input = parse.GetValue(designs)!;
            if (!input.Exists) throw new FileNotFoundException($"designs file '{input.FullName}' does not exist.");
            var (header, rows) = Read(input.FullName);
            using var forecaster = DesignForecaster.Load(parse.GetValue(models)!.FullName, parse.GetValue(name)!);
            var priors = forecaster.Predict(rows.Select(r => r.Design).ToArray(), ct);
            var table = new ResultTable([.. header, .. OutputColumns]);
            for (var i = 0; i < rows.Count; i++)
            {
                var prior = priors[i];
                var (soh, lo, hi) = prior.LabRetention is { } lab ? lab.Band(0.90) : prior.Soh(rows[i].Cycles, 0.90);
                var eol = prior.Interval(0.90);
                object?[] values = [R(100 * soh), R(100 * lo), R(100 * hi), prior.LabRetention is null ? FadeLawBasis : LabModelBasis, R(prior.Eol80), R(eol.Lower), R(eol.Upper)];
                table.Add([.. rows[i].Fields, .. values]);
            }
            if (parse.GetValue(output) is not { } file)
            {
                table.Write(parse.GetValue(format));
                return 0;
            }
            var target = file.FullName;
            var tmp = target + ".tmp";
            await using (var writer = new StreamWriter(tmp))
                table.Write(OutputFormat.Csv, writer);
            File.Move(tmp, target, overwrite: true);
            Console.WriteLine($"wrote {rows.Count} forecasts to {target} (model {forecaster.Card.Version})");
            return 0;
        }));
        return command;
    }

    /// <summary>Two decimals: the precision the forecasts carry.</summary>
    static double? R(double v) => double.IsFinite(v) ? Math.Round(v, 2) : null;

    sealed record InputRow(CellDesign Design, int Cycles, string[] Fields);

    static (IReadOnlyList<string> Header, List<InputRow> Rows) Read(string path)
    {
        using var reader = new StreamReader(path);
        IReadOnlyList<string> columns = [];
        var rows = new List<InputRow>();
        foreach (var row in CsvReader.Read(reader, [.. DesignCsv.RequiredColumns, "cycles"]))
        {
            var cycles = row.RequiredInt("cycles");
            if (cycles < 1) throw new CsvFormatException(row.Line, "cycles", $"must be ≥ 1; got {cycles}.");
            if (cycles > 1_000_000) throw new CsvFormatException(row.Line, "cycles", $"must be ≤ 1000000; got {cycles}.");
            columns = row.Columns;
            rows.Add(new InputRow(DesignCsv.Read(row), cycles, columns.Select(c => row.Get(c) ?? "").ToArray()));
        }
        if (rows.Count == 0) throw new CsvFormatException(2, null, "the file has a header but no design rows.");
        return (columns, rows);
    }
}
