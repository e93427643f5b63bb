using Twin.Core.Cycles;
using Twin.Core.Designs;

namespace Twin.Storage.Tests;

internal static class Samples
{
    public static readonly DateTimeOffset Created = new(2026, 11, 1, 8, 0, 0, TimeSpan.FromHours(1));

    public static CellDesign Design(string coating = "Al2O3", string electrolyte = "LP30") =>
        new("NMC811", coating, "oxide", 2.5, "ALD", electrolyte, "carbonate", 200, 0.5, 25, ChargeCRate: 1.5, ElectrodeClass: "layered_oxide");

    public static CellRow Cell(string id, string coating = "Al2O3", IReadOnlyDictionary<string, string>? tags = null) =>
        new(id, Design(coating), tags ?? new Dictionary<string, string>(), 0.2, Created, Created);

    public static CycleRecord Cycle(string cell, int cycle, double discharge = 0.2) =>
        new(cell, cycle, discharge - cycle * 1e-5, discharge, 0.74, 25.5, 0.031, Created.AddHours(cycle));

    public static List<CycleRecord> Cycles(string cell, int from, int count) =>
        Enumerable.Range(from, count).Select(c => Cycle(cell, c)).ToList();
}
