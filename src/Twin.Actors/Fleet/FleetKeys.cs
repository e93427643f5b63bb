using System.Globalization;
using Twin.Core.Designs;
using Twin.Storage;

namespace Twin.Actors.Fleet;

/// <summary>
/// Which fleet a cell belongs to and what the fleet level learns from: a cell's fleet is its
/// <c>fleet</c> tag when it has one, else the untagged cells of the same design and protocol
/// (every <see cref="CellDesign"/> column, test conditions included).
/// </summary>
public static class FleetKeys
{
    public const string Tag = "fleet";

    public static string Of(CellRow cell) =>
        cell.Tags.TryGetValue(Tag, out var fleet) && !string.IsNullOrWhiteSpace(fleet)
            ? "fleet:" + fleet.Trim()
            : "design:" + string.Join("|", Columns(cell.Design).Select(c => c.Value ?? ""));

    /// <summary>True when <paramref name="member"/> belongs to the fleet named by <paramref name="key"/> (the same rule as <see cref="Of"/>).</summary>
    public static bool Belongs(CellRow member, string key) => Of(member) == key;

    /// <summary>The store's query that finds the fleet's cells (a superset for design fleets; filter with <see cref="Belongs"/>).</summary>
    public static CellQuery Query(CellRow cell) =>
        cell.Tags.TryGetValue(Tag, out var fleet) && !string.IsNullOrWhiteSpace(fleet)
            ? new CellQuery(Tags: new Dictionary<string, string> { [Tag] = fleet }, Limit: CellQuery.MaxLimit)
            : new CellQuery(Electrode: cell.Design.Electrode, Coating: cell.Design.Coating, Electrolyte: cell.Design.Electrolyte, Limit: CellQuery.MaxLimit);

    /// <summary>Every metadata column the lab supplies: the design and protocol columns and the tags (but the fleet tag itself).</summary>
    public static IReadOnlyDictionary<string, string?> Metadata(CellRow cell)
    {
        var metadata = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in Columns(cell.Design)) metadata[name] = value;
        if (cell.NominalCapacityAh is { } nominal) metadata["nominal_capacity_Ah"] = F(nominal);
        foreach (var (name, value) in cell.Tags)
            if (!name.Equals(Tag, StringComparison.OrdinalIgnoreCase)) metadata.TryAdd(name, value);
        return metadata;
    }

    static IEnumerable<KeyValuePair<string, string?>> Columns(CellDesign d)
    {
        yield return new("electrode", d.Electrode);
        yield return new("electrode_class", d.ElectrodeClass);
        yield return new("coating", d.Coating);
        yield return new("coating_class", d.CoatingClass);
        yield return new("coating_thickness_nm", F(d.CoatingThicknessNm));
        yield return new("coating_method", d.CoatingMethod);
        yield return new("electrolyte", d.Electrolyte);
        yield return new("electrolyte_class", d.ElectrolyteClass);
        yield return new("current_mA_g", F(d.CurrentMAg));
        yield return new("c_rate", F(d.CRate));
        yield return new("charge_c_rate", F(d.ChargeCRate));
        yield return new("temperature_C", F(d.TemperatureC));
    }

    static string? F(double? v) => v?.ToString("R", CultureInfo.InvariantCulture);
}
