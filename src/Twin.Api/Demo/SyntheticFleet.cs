using Twin.Core.Cycles;
using Twin.Core.Designs;

namespace Twin.Api.Demo;

/// <summary>
/// A clearly labelled synthetic fleet of ALD/MLD-coated silicon cells (ids <c>SYN-…</c>, tag
/// <c>source=synthetic</c>), generated from a seeded random stream. The effects are of the size
/// the literature table reports, with assumptions where it says nothing (docs/dashboard.md):
/// <list type="bullet">
/// <item>SOH(n) = 1 − 0.2 (n / N80)^1.3, so at a fixed cycle count the fade scales as N80^−1.3;</item>
/// <item>a coating multiplies the bare fade by r: 0.29 at its best thickness (the table's
/// geometric-mean coated/bare fade ratio, docs/model.md), worse when thinner or thicker
/// (r(t) = 1 − 0.71·exp(−ln²(t / 2 nm) / (2·0.8²)): 0.51 at 1 nm, 0.63 at 5 nm — an assumption
/// shaped by the reviews' "ultrathin is best", not a fit); MLD alucone r = 0.35 at 2 nm;</item>
/// <item>bare silicon reaches 80% at 300 cycles in the carbonate electrolyte and 1.3× that in the
/// ether one (assumed);</item>
/// <item>cell-to-cell spread: N80 × exp(0.12 z), initial capacity 4 mAh × (1 + 0.02 z), SOH noise
/// 0.2% a cycle; a third of the cells develop a knee at 80% of their life.</item>
/// </list>
/// Each cell has run a random 35–110% of its life (at most 900 cycles), so some are near or past
/// end of life and most are running.
/// </summary>
public static class SyntheticFleet
{
    public const double Exponent = 1.3, BestCoatingRatio = 0.29, MlDRatio = 0.35, BareCarbonateEol = 300, EtherFactor = 1.3;
    public const int CellsPerGroup = 6, MaxCycles = 900;
    const double NominalAh = 0.004;

    public sealed record Group(string Name, string Coating, string CoatingClass, double? ThicknessNm, string? Method, bool Ether);

    public static readonly Group[] Groups =
    [
        new("bare-carbonate", "none", "none", null, null, false),
        new("Al2O3-1nm", "Al2O3", "inorganic_oxide", 1, "ALD", false),
        new("Al2O3-2nm", "Al2O3", "inorganic_oxide", 2, "ALD", false),
        new("Al2O3-5nm", "Al2O3", "inorganic_oxide", 5, "ALD", false),
        new("alucone-2nm", "alucone", "hybrid_mld", 2, "MLD", false),
        new("bare-ether", "none", "none", null, null, true),
        new("Al2O3-2nm-ether", "Al2O3", "inorganic_oxide", 2, "ALD", true),
    ];

    /// <summary>The fade multiplier of a group's coating (1 for a bare cell).</summary>
    public static double FadeRatio(Group g) => g.CoatingClass switch
    {
        "none" => 1,
        "hybrid_mld" => MlDRatio,
        _ => 1 - (1 - BestCoatingRatio) * Math.Exp(-Math.Pow(Math.Log(g.ThicknessNm!.Value / 2), 2) / (2 * 0.8 * 0.8)),
    };

    /// <summary>The group's median cycles to 80%.</summary>
    public static double MedianEol(Group g) => BareCarbonateEol * (g.Ether ? EtherFactor : 1) * Math.Pow(FadeRatio(g), -1 / Exponent);

    public static CellDesign Design(Group g) => new(
        "Si nanoparticles", g.Coating, g.CoatingClass, g.ThicknessNm, g.Method,
        g.Ether ? "1 M LiTFSI in DOL/DME" : "1 M LiPF6 in EC/DEC", g.Ether ? "liquid_ether" : "liquid_carbonate",
        CurrentMAg: 200, CRate: null, TemperatureC: 25, ElectrodeClass: "silicon");

    public static IEnumerable<(string CellId, Group Group, IReadOnlyList<CycleRecord> Cycles)> Generate(int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        foreach (var g in Groups)
            for (var k = 1; k <= CellsPerGroup; k++)
            {
                var id = $"SYN-{g.Name}-{k:00}";
                var eol = MedianEol(g) * Math.Exp(0.12 * Normal());
                var q0 = NominalAh * (1 + 0.02 * Normal());
                var knee = random.NextDouble() < 1.0 / 3 ? 0.8 * eol : double.PositiveInfinity;
                var run = (int)Math.Min(MaxCycles, Math.Round(eol * (0.35 + 0.75 * random.NextDouble())));
                var cycles = new List<CycleRecord>(run);
                for (var n = 1; n <= run; n++)
                {
                    var soh = 1 - 0.2 * Math.Pow(n / eol, Exponent) - (n > knee ? 0.6 * Math.Pow((n - knee) / eol, 2) : 0) + 0.002 * Normal();
                    cycles.Add(new CycleRecord(id, n, Math.Round(Math.Max(0.05, soh) * q0, 7)));
                }
                yield return (id, g, cycles);
            }
    }

    public static double Nominal => NominalAh;
}
