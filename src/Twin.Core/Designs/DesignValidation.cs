namespace Twin.Core.Designs;

/// <summary>A problem with one field of an input, in words a user can act on.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>Range checks on design values. Limits are generous; they catch unit mistakes and typos.</summary>
public static class DesignValidation
{
    public const double MaxThicknessNm = 1000;   // ALD/MLD interface films are nm to tens of nm; 1 µm is already a bulk layer.
    public const double MaxCurrentMAg = 100_000;
    public const double MaxCRate = 100;
    public const double MinTemperatureC = -60, MaxTemperatureC = 150;

    public static IReadOnlyList<FieldError> Validate(CellDesign d)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(d.Electrode)) errors.Add(new("electrode", "is required (the active material, e.g. Si, NCM811, LFP/graphite)."));
        if (string.IsNullOrWhiteSpace(d.Coating)) errors.Add(new("coating", "is required: a coating material or 'none'."));
        Range(errors, "coating_thickness_nm", d.CoatingThicknessNm, 0, MaxThicknessNm, "nm");
        Range(errors, "current_mA_g", d.CurrentMAg, 0, MaxCurrentMAg, "mA/g");
        Range(errors, "c_rate", d.CRate, 0, MaxCRate, "C");
        Range(errors, "charge_c_rate", d.ChargeCRate, 0, MaxCRate, "C");
        Range(errors, "temperature_C", d.TemperatureC, MinTemperatureC, MaxTemperatureC, "°C");
        if (!d.IsCoated && d.CoatingThicknessNm is > 0)
            errors.Add(new("coating_thickness_nm", "is set but coating is 'none'; give the coating material or leave the thickness empty."));
        Vocabulary(errors, "coating_class", d.CoatingClass, DesignCatalog.CoatingClasses);
        // An electrolyte may be given by class alone or not at all: the class is then "unknown".
        Vocabulary(errors, "electrolyte_class", DesignCatalog.NormaliseElectrolyteClass(d.ElectrolyteClass), DesignCatalog.ElectrolyteClasses);
        Vocabulary(errors, "electrode_class", d.ElectrodeClass, DesignCatalog.ElectrodeClasses);
        return errors;
    }

    static void Range(List<FieldError> errors, string field, double? value, double min, double max, string unit)
    {
        if (value is not { } v) return;
        if (double.IsNaN(v) || double.IsInfinity(v)) errors.Add(new(field, "must be a finite number (leave it empty if unknown)."));
        else if (v < min) errors.Add(new(field, $"must be ≥ {min} {unit}; got {v}."));
        else if (v > max) errors.Add(new(field, $"must be ≤ {max} {unit}; got {v}, which looks like a unit mistake."));
    }

    static void Vocabulary(List<FieldError> errors, string field, string? value, IReadOnlyList<string> allowed)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        if (!allowed.Contains(value.Trim().ToLowerInvariant()))
            errors.Add(new(field, $"'{value}' is not one of: {string.Join(", ", allowed)}{(field == "electrolyte_class" ? " (or carbonate, ether, garnet, nasicon, solid, unknown)" : "")}."));
    }
}
