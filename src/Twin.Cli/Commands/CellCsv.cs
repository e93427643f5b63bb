using Twin.Core.Csv;
using Twin.Core.Designs;

namespace Twin.Cli.Commands;

/// <summary>A cell as `twin forecast` reads it: id, design, nominal capacity.</summary>
internal sealed record CellInput(string CellId, CellDesign Design, double? NominalCapacityAh);

/// <summary>
/// Reads the cells.csv and cycles.csv of `twin forecast`. Only cell_id is required in cells.csv:
/// a missing electrode falls back to `chemistry`, a missing coating is "none", c_rate and
/// charge_c_rate fall back to discharge_c_rate and charge_c_rate; other columns are kept as
/// metadata (ignored by the forecast).
/// </summary>
internal static class CellCsv
{
    public static List<CellInput> ReadCells(string path)
    {
        using var reader = Open(path);
        var cells = new List<CellInput>();
        var seen = new HashSet<string>();
        foreach (var row in CsvReader.Read(reader, ["cell_id"]))
        {
            var id = row.Required("cell_id");
            if (!seen.Add(id)) throw new CsvFormatException(row.Line, "cell_id", $"'{id}' appears twice.");
            var design = new CellDesign(
                Electrode: row.Get("electrode") ?? row.Get("chemistry") ?? "not reported",
                Coating: row.Get("coating") ?? CellDesign.NoCoating,
                CoatingClass: row.Get("coating_class"),
                CoatingThicknessNm: row.Number("coating_thickness_nm"),
                CoatingMethod: row.Get("coating_method"),
                Electrolyte: row.Get("electrolyte") ?? "not reported",
                ElectrolyteClass: row.Get("electrolyte_class"),
                CurrentMAg: row.Number("current_mA_g"),
                CRate: row.Number("c_rate") ?? row.Number("discharge_c_rate"),
                TemperatureC: row.Number("temperature_C"),
                ChargeCRate: row.Number("charge_c_rate"),
                ElectrodeClass: row.Get("electrode_class"));
            var errors = DesignValidation.Validate(design);
            if (errors.Count > 0) throw new CsvFormatException(row.Line, errors[0].Field, errors[0].Message);
            var nominal = row.Number("nominal_capacity_Ah");
            if (nominal is <= 0) throw new CsvFormatException(row.Line, "nominal_capacity_Ah", $"must be > 0; got {nominal}.");
            cells.Add(new CellInput(id, design, nominal));
        }
        return cells;
    }

    /// <summary>Per cell, its (cycle, discharge capacity) pairs; every row is checked and a bad one named by line and column.</summary>
    public static Dictionary<string, List<(int Cycle, double Capacity)>> ReadCycles(string path, IReadOnlyCollection<CellInput> cells)
    {
        var known = cells.ToDictionary(c => c.CellId);
        var result = new Dictionary<string, List<(int, double)>>();
        using var reader = Open(path);
        foreach (var row in CsvReader.Read(reader, ["cell_id", "cycle", "discharge_capacity_Ah"]))
        {
            var id = row.Required("cell_id");
            if (!known.TryGetValue(id, out var cell)) throw new CsvFormatException(row.Line, "cell_id", $"cell '{id}' is not in the cells file.");
            var cycle = row.RequiredInt("cycle");
            if (cycle < 0) throw new CsvFormatException(row.Line, "cycle", $"must be ≥ 0; got {cycle}.");
            var capacity = row.RequiredNumber("discharge_capacity_Ah");
            if (capacity < 0) throw new CsvFormatException(row.Line, "discharge_capacity_Ah", $"must be ≥ 0; got {capacity}.");
            if (cell.NominalCapacityAh is { } nominal && capacity > 1.5 * nominal)
                throw new CsvFormatException(row.Line, "discharge_capacity_Ah", $"{capacity} Ah is far above the cell's nominal {nominal} Ah (a unit mistake?).");
            if (!result.TryGetValue(id, out var list)) result[id] = list = [];
            list.Add((cycle, capacity));
        }
        return result;
    }

    static StreamReader Open(string path) =>
        File.Exists(path) ? new StreamReader(path) : throw new FileNotFoundException($"'{path}' does not exist.");
}
