namespace Twin.Core.Twins;

/// <summary>
/// What a cell's forecast rests on: its fleet's reference cells (<see cref="Level"/> "fleet": how
/// many, the fitted fleet's version, how much the cell resembles them) or the design model's prior
/// alone ("design": the fleet has no reference cell other than the cell itself).
/// </summary>
public sealed record ForecastBasis(string Level, string? Fleet, int ReferenceCells, double? Resemblance, string? FleetVersion, string Detail)
{
    public const string FleetLevel = "fleet", DesignLevel = "design";

    public static ForecastBasis Design(string? fleet, string detail) => new(DesignLevel, fleet, 0, null, null, detail);
}
