namespace Twin.Core.Fleet;

/// <summary>One row of a cell's capacity history as a lab supplies it; <see cref="Flagged"/> is the source's own outlier flag.</summary>
public readonly record struct CycleReading(int Cycle, double CapacityAh, bool Flagged = false);
