using Twin.Core.Designs;

namespace Twin.Core.Features;

/// <summary>
/// Turns a design into the model's feature vector. Coatings are described by properties
/// (class, flexibility, ion conduction, thickness) as well as presence, so an unseen coating
/// name still lands near its relatives. Missing values are NaN: the trees learn a default
/// direction for them. The order is part of the model contract (the card lists the names).
/// </summary>
public static class DesignFeatures
{
    public static readonly IReadOnlyList<string> Names =
    [
        "electrode_silicon", "electrode_lithium_metal", "electrode_graphite", "electrode_layered_oxide",
        "electrode_spinel", "electrode_lfp",
        "coated", "coating_rigid_oxide", "coating_flexible", "coating_ion_conductor", "coating_carbon", "coating_other",
        "coating_thickness_nm",
        "electrolyte_liquid", "electrolyte_sulfide", "electrolyte_oxide", "electrolyte_polymer", "electrolyte_other_solid",
        "log10_current_mA_g", "c_rate", "charge_c_rate", "temperature_C",
    ];

    public static int Count => Names.Count;

    public static float[] Encode(CellDesign design)
    {
        var x = new float[Count];
        Encode(design, x);
        return x;
    }

    public static void Encode(CellDesign d, Span<float> x)
    {
        if (x.Length != Count) throw new ArgumentException($"feature buffer must hold {Count} values", nameof(x));
        var electrode = DesignCatalog.ElectrodeClassOf(d);
        x[0] = Flag(electrode == "silicon");
        x[1] = Flag(electrode == "lithium_metal");
        x[2] = Flag(electrode == "graphite" || d.Electrode.Contains("graphite", StringComparison.OrdinalIgnoreCase));
        x[3] = Flag(electrode == "layered_oxide");
        x[4] = Flag(electrode == "spinel");
        x[5] = Flag(electrode == "lfp");

        var coating = DesignCatalog.CoatingClassOf(d);
        x[6] = Flag(d.IsCoated);
        if (coating == "unknown")
        {
            // Coated with something unclassified: only "coated" is known.
            x[7] = x[8] = x[9] = x[10] = x[11] = float.NaN;
        }
        else
        {
            x[7] = Flag(coating == "inorganic_oxide");
            x[8] = Flag(DesignCatalog.IsFlexible(coating));
            x[9] = Flag(DesignCatalog.IsIonConductor(coating));
            x[10] = Flag(coating == "carbon");
            x[11] = Flag(coating is "nitride" or "fluoride" or "composite" or "other");
        }
        x[12] = d.IsCoated ? Value(d.CoatingThicknessNm) : 0f;

        var electrolyte = DesignCatalog.ElectrolyteClassOf(d);
        if (electrolyte == "unknown")
        {
            x[13] = x[14] = x[15] = x[16] = x[17] = float.NaN;
        }
        else
        {
            x[13] = Flag(electrolyte.StartsWith("liquid", StringComparison.Ordinal));
            x[14] = Flag(electrolyte == "sulfide");
            x[15] = Flag(electrolyte is "oxide_garnet" or "oxide_nasicon");
            x[16] = Flag(electrolyte is "polymer" or "polymer_composite");
            x[17] = Flag(electrolyte is "halide" or "lipon" or "solid_unspecified");
        }
        x[18] = d.CurrentMAg is { } c && c > 0 ? (float)Math.Log10(c) : float.NaN;
        x[19] = Value(d.CRate);
        x[20] = Value(d.ChargeCRate);
        x[21] = Value(d.TemperatureC);
    }

    static float Flag(bool b) => b ? 1f : 0f;
    static float Value(double? v) => v is { } d && double.IsFinite(d) ? (float)d : float.NaN;
}
