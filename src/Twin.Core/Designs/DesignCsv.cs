using Twin.Core.Csv;

namespace Twin.Core.Designs;

/// <summary>The design columns of the CSV contract (docs/design-schema.md), read from one row.</summary>
public static class DesignCsv
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "electrode", "electrode_class", "coating", "coating_class", "coating_thickness_nm", "coating_method",
        "electrolyte", "electrolyte_class", "current_mA_g", "c_rate", "charge_c_rate", "temperature_C",
    ];

    /// <summary>The electrolyte is optional: a class alone (electrolyte_class) or nothing is accepted.</summary>
    public static readonly IReadOnlyList<string> RequiredColumns = ["electrode", "coating"];

    /// <summary>What an electrolyte nobody named is called in a design.</summary>
    public const string NotReported = "not reported";

    /// <summary>Reads and validates the design of one row; a problem throws with the row's line and the field.</summary>
    public static CellDesign Read(CsvRow row)
    {
        var design = new CellDesign(
            Electrode: row.Required("electrode"),
            Coating: row.Required("coating"),
            CoatingClass: row.Get("coating_class"),
            CoatingThicknessNm: row.Number("coating_thickness_nm"),
            CoatingMethod: row.Get("coating_method"),
            Electrolyte: row.Get("electrolyte") ?? NotReported,
            ElectrolyteClass: row.Get("electrolyte_class"),
            CurrentMAg: row.Number("current_mA_g"),
            CRate: row.Number("c_rate"),
            TemperatureC: row.Number("temperature_C"),
            ChargeCRate: row.Number("charge_c_rate"),
            ElectrodeClass: row.Get("electrode_class"));
        var errors = DesignValidation.Validate(design);
        if (errors.Count > 0) throw new CsvFormatException(row.Line, errors[0].Field, errors[0].Message);
        return design;
    }
}
