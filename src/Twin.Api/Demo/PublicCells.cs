using System.Globalization;
using Twin.Core.Cycles;
using Twin.Core.Designs;

namespace Twin.Api.Demo;

/// <summary>
/// Real public cells for the demo: slices of training-data/ copied to Demo/data/public-cells.csv
/// (Demo/data/PROVENANCE.md), each with its dataset's design row from training-data/datasets/designs.csv.
/// </summary>
public static class PublicCells
{
    public sealed record Cell(string CellId, string Dataset, string SourceId, CellDesign Design, double NominalAh, string Note);

    static CellDesign Commercial(string electrode, string electrodeClass, string electrolyte, double cRate, double chargeCRate, double? temperatureC) =>
        new(electrode, "none", "none", null, null, electrolyte, "liquid_carbonate", null, cRate, temperatureC, chargeCRate, electrodeClass);

    public static readonly Cell[] Cells =
    [
        new("PUB-CALCE-CS2_35", "calce_cs2", "CS2_35", Commercial("LiCoO2/graphite", "layered_oxide", "commercial LiPF6 carbonate", 1, 0.5, null), 1.1, "cycles 1–450 of 882"),
        new("PUB-CALCE-CS2_36", "calce_cs2", "CS2_36", Commercial("LiCoO2/graphite", "layered_oxide", "commercial LiPF6 carbonate", 1, 0.5, null), 1.1, "cycles 1–700 of 973 (past 80%)"),
        new("PUB-NASA-B0005", "nasa_pcoe", "B0005", Commercial("Li-ion 18650 (chemistry not stated)", "other", "commercial (not stated)", 1, 0.75, 24), 2.0, "all 168 discharges"),
        new("PUB-MIT-b1c0", "severson_mit", "b1c0", Commercial("LFP/graphite (A123 APR18650M1A)", "lfp", "commercial LiPF6 carbonate", 4, 3.6, 30), 1.1, "cycles 2–700 of 1851"),
        new("PUB-MIT-b1c1", "severson_mit", "b1c1", Commercial("LFP/graphite (A123 APR18650M1A)", "lfp", "commercial LiPF6 carbonate", 4, 3.6, 30), 1.1, "every 2nd cycle to 2200 (of 2159)"),
    ];

    /// <summary>The cycles of each cell from the CSV (cell_id = the dataset's own id).</summary>
    public static Dictionary<string, List<CycleRecord>> ReadCycles(string csvPath)
    {
        var byId = Cells.ToDictionary(c => c.SourceId, c => c.CellId);
        var cycles = Cells.ToDictionary(c => c.CellId, _ => new List<CycleRecord>());
        foreach (var line in File.ReadLines(csvPath).Skip(1))
        {
            var f = line.Split(',');
            if (f.Length != 3 || !byId.TryGetValue(f[0], out var id)) continue;
            cycles[id].Add(new CycleRecord(id, int.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture)));
        }
        return cycles;
    }
}
