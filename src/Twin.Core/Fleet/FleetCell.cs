namespace Twin.Core.Fleet;

/// <summary>A cell as the fleet level sees it: its id, every metadata column the lab supplies (as text), and its raw history.</summary>
public sealed record FleetCell(string CellId, IReadOnlyDictionary<string, string?> Metadata, IReadOnlyList<CycleReading> History);
