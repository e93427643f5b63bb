using System.CommandLine;
using System.Globalization;
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
        var output = new Option<FileInfo>("--out") { Description = "Where to write the predictions CSV.", Required = true };
        var models = CliOptions.Models();
        var name = CliOptions.Name();
        var command = new Command("predict", "Forecast capacity retention and cycles to 80% for designs, with 90% intervals.")
        {
            designs, output, models, name,
        };
        command.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            var input = parse.GetValue(designs)!;
            if (!input.Exists) throw new FileNotFoundException($"designs file '{input.FullName}' does not exist.");
            var (header, rows) = Read(input.FullName);
            using var forecaster = DesignForecaster.Load(parse.GetValue(models)!.FullName, parse.GetValue(name)!);
            var priors = forecaster.Predict(rows.Select(r => r.Design).ToArray(), ct);
            var target = parse.GetValue(output)!.FullName;
            var tmp = target + ".tmp";
            await using (var writer = new StreamWriter(tmp))
            {
                await writer.WriteLineAsync(string.Join(",", header.Concat(OutputColumns).Select(CsvReader.Escape)));
                for (var i = 0; i < rows.Count; i++)
                {
                    var prior = priors[i];
                    var (soh, lo, hi) = prior.LabRetention is { } lab ? lab.Band(0.90) : prior.Soh(rows[i].Cycles, 0.90);
                    var eol = prior.Interval(0.90);
                    string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
                    string[] values = [F(100 * soh), F(100 * lo), F(100 * hi), prior.LabRetention is null ? FadeLawBasis : LabModelBasis, F(prior.Eol80), F(eol.Lower), F(eol.Upper)];
                    await writer.WriteLineAsync(string.Join(",", rows[i].Fields.Select(CsvReader.Escape).Concat(values)));
                }
            }
            File.Move(tmp, target, overwrite: true);
            Console.WriteLine($"wrote {rows.Count} forecasts to {target} (model {forecaster.Card.Version})");
            return 0;
        }));
        return command;
    }

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
