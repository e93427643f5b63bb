using Twin.Core.Designs;

namespace Twin.Ml.Models;

/// <summary>
/// Which calibration set an interval comes from. Commercial cells (uncoated graphite-anode
/// full cells in liquid electrolyte, the public cycling sets) and lab cells (coated, silicon,
/// lithium-metal or solid-state: the literature) err very differently, so each gets its own
/// conformal quantiles (Mondrian conformal prediction).
/// </summary>
public enum DesignDomain { Commercial, Lab }

public static class DesignDomains
{
    public static DesignDomain Of(CellDesign design)
    {
        if (design.IsCoated) return DesignDomain.Lab;
        if (DesignCatalog.ElectrodeClassOf(design) is "silicon" or "lithium_metal") return DesignDomain.Lab;
        var electrolyte = DesignCatalog.ElectrolyteClassOf(design);
        return electrolyte.StartsWith("liquid", StringComparison.Ordinal) || electrolyte == "unknown" && design.Electrolyte.Contains("commercial", StringComparison.OrdinalIgnoreCase)
            ? DesignDomain.Commercial
            : DesignDomain.Lab;
    }
}
