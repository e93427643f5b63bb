using Twin.Core.Fleet;

namespace Twin.Core.Tests.Fleet;

/// <summary>Small synthetic fleets with known lives: a knee shape, a protocol column that sets the life, seeded noise.</summary>
internal static class SyntheticFleet
{
    /// <summary>SOH with a knee: slow linear fade to 0.95 at 60% of life, then an accelerating drop through 0.8 at <paramref name="life"/>.</summary>
    public static double Knee(double n, double life)
    {
        var x = n / life;
        return x <= 0.6 ? 1 - 0.05 * x / 0.6 : 0.95 - 0.15 * Math.Pow((x - 0.6) / 0.4, 2);
    }

    /// <summary>Square-root fade reaching 0.8 at <paramref name="life"/>: fast early loss, a shape no stretched knee can follow.</summary>
    public static double SquareRoot(double n, double life) => 1 - 0.2 * Math.Sqrt(n / life);

    public static List<CycleReading> History(double life, int upTo, Func<double, double, double> shape, int seed, double q0 = 1.1, int step = 1)
    {
        var rng = new Random(seed);
        var rows = new List<CycleReading>();
        for (var n = 1; n <= upTo; n += step)
            rows.Add(new CycleReading(n, q0 * (shape(n, life) + 0.001 * (rng.NextDouble() - 0.5))));
        return rows;
    }

    /// <summary>Cells whose life is 1000 / charge C-rate cycles (± 3%); the rate is a metadata column.</summary>
    public static List<FleetCell> Fleet(int count, Func<double, double, double> shape, int seed = 1, string prefix = "r", int step = 1)
    {
        var rng = new Random(seed);
        var cells = new List<FleetCell>();
        for (var i = 0; i < count; i++)
        {
            var rate = new[] { 1.0, 1.5, 2.0 }[i % 3];
            var life = 1000 / rate * (1 + 0.06 * (rng.NextDouble() - 0.5));
            cells.Add(new FleetCell($"{prefix}{i}", Metadata(rate), History(life, (int)(life * 1.05), shape, seed * 100 + i, step: step)));
        }
        return cells;
    }

    public static Dictionary<string, string?> Metadata(double rate, string batch = "A") => new()
    {
        ["charge_C"] = rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["batch"] = batch,
    };
}
