using System.Globalization;
using Twin.Core.Csv;
using Twin.Core.Designs;
using Twin.Core.Fleet;

namespace Twin.Cli.Commands;

/// <summary>A cell as `twin forecast` reads it: id, design, nominal capacity, and every column as the lab wrote it.</summary>
internal sealed record CellInput(string CellId, CellDesign Design, double? NominalCapacityAh, IReadOnlyDictionary<string, string?> Metadata);

/// <summary>
/// Reads the cells.csv and cycles.csv of `twin forecast`. Only cell_id is required in cells.csv:
/// a missing electrode falls back to `chemistry`, a missing coating is "none", c_rate and
/// charge_c_rate fall back to discharge_c_rate and charge_c_rate; every column is kept as
/// metadata for the fleet prior. Real lab files are messy, so text in a numeric design column is
/// unknown (with a warning), and a capacity far above nominal or flagged `suspect_outlier` is left
/// out of the fit and reported; structural errors (unknown cell, negative capacity) still stop.
/// </summary>
internal static class CellCsv
{
    public static List<CellInput> ReadCells(string path, ICollection<string> warnings, bool validateDesign = true)
    {
        using var reader = Open(path);
        var cells = new List<CellInput>();
        var seen = new HashSet<string>();
        var textInNumbers = new Dictionary<string, (int Count, string Example)>();
        foreach (var row in CsvReader.Read(reader, ["cell_id"]))
        {
            var id = row.Required("cell_id");
            if (!seen.Add(id)) throw new CsvFormatException(row.Line, "cell_id", $"'{id}' appears twice.");
            double? Number(string column)
            {
                var s = row.Get(column);
                if (s is null) return null;
                if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) return v;
                textInNumbers[column] = (textInNumbers.GetValueOrDefault(column).Count + 1, s);
                return null;
            }
            var design = new CellDesign(
                Electrode: row.Get("electrode") ?? row.Get("chemistry") ?? "not reported",
                Coating: row.Get("coating") ?? CellDesign.NoCoating,
                CoatingClass: row.Get("coating_class"),
                CoatingThicknessNm: Number("coating_thickness_nm"),
                CoatingMethod: row.Get("coating_method"),
                Electrolyte: row.Get("electrolyte") ?? "not reported",
                ElectrolyteClass: row.Get("electrolyte_class"),
                CurrentMAg: Number("current_mA_g"),
                CRate: Number("c_rate") ?? Number("discharge_c_rate"),
                TemperatureC: Number("temperature_C"),
                ChargeCRate: Number("charge_c_rate"),
                ElectrodeClass: row.Get("electrode_class"));
            if (validateDesign && DesignValidation.Validate(design) is { Count: > 0 } errors)
                throw new CsvFormatException(row.Line, errors[0].Field, errors[0].Message);
            var nominal = Number("nominal_capacity_Ah");
            if (nominal is <= 0) throw new CsvFormatException(row.Line, "nominal_capacity_Ah", $"must be > 0; got {nominal}.");
            var metadata = row.Columns.ToDictionary(c => c, c => row.Get(c), StringComparer.OrdinalIgnoreCase);
            cells.Add(new CellInput(id, design, nominal, metadata));
        }
        foreach (var (column, (count, example)) in textInNumbers)
            warnings.Add($"{Path.GetFileName(path)}: column '{column}' holds text in {count} row(s) (e.g. '{example}'); read as unknown.");
        return cells;
    }

    /// <summary>Per cell, its readings in file order; every row is checked and a bad one named by line and column.</summary>
    public static Dictionary<string, List<CycleReading>> ReadCycles(string path, IReadOnlyCollection<CellInput> cells, ICollection<string> warnings)
    {
        var known = cells.ToDictionary(c => c.CellId);
        var result = new Dictionary<string, List<CycleReading>>();
        using var reader = Open(path);
        var implausible = new List<string>();
        var flagged = 0;
        foreach (var row in CsvReader.Read(reader, ["cell_id", "cycle", "discharge_capacity_Ah"]))
        {
            var id = row.Required("cell_id");
            if (!known.TryGetValue(id, out var cell)) throw new CsvFormatException(row.Line, "cell_id", $"cell '{id}' is not in the cells file.");
            var cycle = row.RequiredInt("cycle");
            if (cycle < 0) throw new CsvFormatException(row.Line, "cycle", $"must be ≥ 0; got {cycle}.");
            var capacity = row.RequiredNumber("discharge_capacity_Ah");
            if (capacity < 0) throw new CsvFormatException(row.Line, "discharge_capacity_Ah", $"must be ≥ 0; got {capacity}.");
            var flag = row.Get("suspect_outlier") is { } f && f is not ("0" or "false" or "False" or "FALSE" or "0.0");
            if (cell.NominalCapacityAh is { } nominal && capacity > 1.5 * nominal)
            {
                implausible.Add($"line {row.Line} ({capacity} Ah, nominal {nominal} Ah)");
                flag = true;
            }
            else if (flag) flagged++;
            if (!result.TryGetValue(id, out var list)) result[id] = list = [];
            list.Add(new CycleReading(cycle, capacity, flag));
        }
        var name = Path.GetFileName(path);
        if (implausible.Count > 0)
            warnings.Add($"{name}: {implausible.Count} capacity row(s) far above nominal left out of the fit: {string.Join("; ", implausible.Take(3))}{(implausible.Count > 3 ? "; ..." : "")}.");
        if (flagged > 0) warnings.Add($"{name}: {flagged} row(s) flagged suspect_outlier left out of the fit.");
        return result;
    }

    static StreamReader Open(string path) =>
        File.Exists(path) ? new StreamReader(path) : throw new FileNotFoundException($"'{path}' does not exist.");
}
