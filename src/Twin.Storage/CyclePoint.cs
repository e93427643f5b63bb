namespace Twin.Storage;

/// <summary>One point of a cell's capacity series, for charts.</summary>
public sealed record CyclePoint(int Cycle, double DischargeCapacityAh);
