using Twin.Core.Cycles;

namespace Twin.Actors.Cells;

/// <summary>A sent row whose (cell, cycle) is stored with different values; the stored row is kept.</summary>
public sealed record IngestionConflict(long Row, string CellId, int Cycle, CycleRecord Stored, CycleRecord Sent);
