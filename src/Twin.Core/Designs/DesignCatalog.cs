using System.Text.RegularExpressions;

namespace Twin.Core.Designs;

/// <summary>
/// The vocabulary Twin knows: classes of electrodes, coatings and electrolytes, and the coating
/// names seen in the training literature. A name outside the catalog is not an error; it is
/// described by the class the user gives (or "unknown"), and forecasts flag it as unseen.
/// </summary>
public static partial class DesignCatalog
{
    public static readonly IReadOnlyList<string> ElectrodeClasses =
        ["silicon", "lithium_metal", "graphite", "layered_oxide", "spinel", "lfp", "other"];

    public static readonly IReadOnlyList<string> CoatingClasses =
    [
        "none", "inorganic_oxide", "hybrid_mld", "lithium_ternary_oxide", "phosphate", "oxynitride", "borate",
        "fluoride", "sulfide", "nitride", "carbon", "organic_polymer", "composite", "other",
    ];

    public static readonly IReadOnlyList<string> ElectrolyteClasses =
    [
        "liquid", "liquid_unspecified", "liquid_carbonate", "liquid_ether", "sulfide", "oxide_garnet", "oxide_nasicon",
        "halide", "polymer", "polymer_composite", "lipon", "solid_unspecified",
    ];

    /// <summary>Short names users write for an electrolyte class ("carbonate" for a carbonate liquid, ...).</summary>
    static readonly Dictionary<string, string> ElectrolyteClassAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["carbonate"] = "liquid_carbonate", ["ether"] = "liquid_ether", ["garnet"] = "oxide_garnet", ["llzo"] = "oxide_garnet",
        ["nasicon"] = "oxide_nasicon", ["solid"] = "solid_unspecified", ["liquid_unknown"] = "liquid_unspecified",
    };

    /// <summary>Values that say "not known" rather than name a class.</summary>
    static readonly HashSet<string> UnknownWords = new(StringComparer.OrdinalIgnoreCase) { "unknown", "not reported", "n/a", "na", "none", "-" };

    /// <summary>
    /// A class the user gave (or wrote as the electrolyte itself), in the catalog's vocabulary:
    /// an alias is mapped, "unknown"/"not reported" is null, anything else is returned lower-cased
    /// (validation names it if it is not a class).
    /// </summary>
    public static string? NormaliseElectrolyteClass(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || UnknownWords.Contains(value.Trim())) return null;
        var v = value.Trim().ToLowerInvariant();
        return ElectrolyteClassAliases.TryGetValue(v, out var cls) ? cls : v;
    }

    /// <summary>Coating names reported in the training literature, with their class.</summary>
    static readonly Dictionary<string, string> KnownCoatings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Al2O3"] = "inorganic_oxide", ["TiO2"] = "inorganic_oxide", ["ZnO"] = "inorganic_oxide", ["HfO2"] = "inorganic_oxide",
        ["ZrO2"] = "inorganic_oxide", ["SiO2"] = "inorganic_oxide", ["NiO"] = "inorganic_oxide", ["Ta2O5"] = "inorganic_oxide",
        ["alucone"] = "hybrid_mld", ["zincone"] = "hybrid_mld", ["titanicone"] = "hybrid_mld", ["lithicone"] = "hybrid_mld",
        ["LiNbO3"] = "lithium_ternary_oxide", ["LiNbOx"] = "lithium_ternary_oxide", ["Li-Nb-O"] = "lithium_ternary_oxide",
        ["Li2ZrO3"] = "lithium_ternary_oxide", ["LiTaO3"] = "lithium_ternary_oxide", ["LiAlO2"] = "lithium_ternary_oxide",
        ["Li3PO4"] = "phosphate", ["LiPON"] = "oxynitride", ["AlOxNy"] = "oxynitride", ["Li3BO3-Li2CO3"] = "borate",
        ["LiF"] = "fluoride", ["AlF3"] = "fluoride", ["LixAlyS"] = "sulfide", ["TiN"] = "nitride", ["h-BN"] = "nitride",
        ["C"] = "carbon", ["PEDOT"] = "organic_polymer",
    };

    /// <summary>Coating classes that are flexible (molecular-layer hybrids, polymers): they crack less on Si.</summary>
    public static bool IsFlexible(string coatingClass) => coatingClass is "hybrid_mld" or "organic_polymer";

    /// <summary>Classes that conduct lithium ions well enough to be used as buffer layers in solid-state cells.</summary>
    public static bool IsIonConductor(string coatingClass) =>
        coatingClass is "lithium_ternary_oxide" or "phosphate" or "oxynitride" or "borate" or "sulfide";

    public static bool IsKnownCoating(string name) => KnownCoatings.ContainsKey(name.Trim())
        || string.Equals(name.Trim(), CellDesign.NoCoating, StringComparison.OrdinalIgnoreCase);

    /// <summary>The coating's class: given by the user, else from the catalog, else "unknown".</summary>
    public static string CoatingClassOf(CellDesign design)
    {
        if (!design.IsCoated) return "none";
        if (!string.IsNullOrWhiteSpace(design.CoatingClass)) return design.CoatingClass.Trim().ToLowerInvariant();
        return KnownCoatings.TryGetValue(design.Coating.Trim(), out var cls) ? cls : "unknown";
    }

    /// <summary>
    /// The electrolyte's class: given by the user, else the electrolyte field when it names a class
    /// ("sulfide", "carbonate"), else inferred from the name, else "unknown" (a design may say
    /// nothing about its electrolyte; the model then treats the class as missing).
    /// </summary>
    public static string ElectrolyteClassOf(CellDesign design)
    {
        if (NormaliseElectrolyteClass(design.ElectrolyteClass) is { } given) return given;
        if (NormaliseElectrolyteClass(design.Electrolyte) is { } named && ElectrolyteClasses.Contains(named)) return named;
        var name = design.Electrolyte.ToLowerInvariant();
        if (SulfideName().IsMatch(name)) return "sulfide";
        if (name.Contains("llzo") || name.Contains("garnet")) return "oxide_garnet";
        if (name.Contains("latp") || name.Contains("lagp") || name.Contains("nasicon")) return "oxide_nasicon";
        if (name.Contains("peo") || name.Contains("polymer")) return "polymer";
        if (name.Contains("dme") || name.Contains("dol") || name.Contains("ether")) return "liquid_ether";
        if (name.Contains("lipf6") || name.Contains(" ec") || name.Contains("carbonate")) return "liquid_carbonate";
        return "unknown";
    }

    public static string ElectrodeClassOf(CellDesign design)
    {
        if (!string.IsNullOrWhiteSpace(design.ElectrodeClass)) return design.ElectrodeClass.Trim().ToLowerInvariant();
        var name = design.Electrode.ToLowerInvariant();
        if (SiliconName().IsMatch(name)) return "silicon";
        if (name.Contains("li metal") || name.Contains("lithium metal") || name == "li") return "lithium_metal";
        if (name.Contains("lfp") || name.Contains("lifepo4")) return "lfp";
        if (LayeredOxideName().IsMatch(name)) return "layered_oxide";
        if (name.Contains("lmo") || name.Contains("limn2o4") || name.Contains("lnmo")) return "spinel";
        if (name.Contains("graphite")) return "graphite";
        return "other";
    }

    [GeneratedRegex(@"\bsi\b|^si|si[ox@/\-]|silicon")]
    private static partial Regex SiliconName();

    [GeneratedRegex(@"licoo2|\blco\b|ncm|nmc|nca|lini")]
    private static partial Regex LayeredOxideName();

    [GeneratedRegex(@"li6ps5|li3ps4|lpscl|li10gep2s12|lgps|li7p3s11|sulfide|argyrodite|li2s-p2s5")]
    private static partial Regex SulfideName();
}
