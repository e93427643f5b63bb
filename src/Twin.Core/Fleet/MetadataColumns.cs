using System.Globalization;

namespace Twin.Core.Fleet;

/// <summary>
/// How the reference cells' metadata become features: a column whose values are (mostly) numbers
/// is numeric and standardised, free text in it is unknown (imputed with the mean, and warned
/// about); any other column with at least two levels shared by two cells is categorical (one-hot).
/// Columns unique to each cell (ids, dates, notes) carry no group information and are left out.
/// </summary>
internal sealed class MetadataColumns
{
    readonly List<NumericColumn> _numeric = [];
    readonly List<CategoricalColumn> _categorical = [];

    sealed record NumericColumn(string Name, double Mean, double Sd);
    sealed record CategoricalColumn(string Name, string[] Levels);

    /// <summary>Pairwise products of the numeric columns when there are few (protocol parameters interact, e.g. charge rate × switch SOC).</summary>
    const int MaxInteractingColumns = 6;

    int Interactions => _numeric.Count <= MaxInteractingColumns ? _numeric.Count * (_numeric.Count - 1) / 2 : 0;

    public int FeatureCount => _numeric.Count + Interactions + _categorical.Sum(c => c.Levels.Length);

    /// <summary>Every column usable as a group key (categorical, or numeric with few distinct values).</summary>
    public IReadOnlyList<string> GroupColumns { get; private set; } = [];

    public static MetadataColumns Learn(IReadOnlyList<IReadOnlyDictionary<string, string?>> cells, ICollection<string> warnings)
    {
        var result = new MetadataColumns();
        var n = cells.Count;
        var names = cells.SelectMany(c => c.Keys).Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(k => !k.Equals("cell_id", StringComparison.OrdinalIgnoreCase)).OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var groups = new List<string>();
        foreach (var name in names)
        {
            var values = cells.Select(c => c.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null).ToArray();
            var present = values.OfType<string>().ToArray();
            if (present.Length < 2) continue;
            var numbers = present.Select(Parse).ToArray();
            var parsed = numbers.Count(x => x is not null);
            var distinct = present.Distinct(StringComparer.Ordinal).Count();
            var repeated = present.GroupBy(v => v, StringComparer.Ordinal).Count(g => g.Count() >= 2);
            if (parsed >= Math.Max(2, 0.8 * present.Length))
            {
                var xs = numbers.OfType<double>().ToArray();
                var mean = xs.Average();
                var sd = Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / xs.Length);
                if (parsed < present.Length)
                    warnings.Add($"metadata column '{name}': {present.Length - parsed} value(s) are not numbers (e.g. '{present.First(v => Parse(v) is null)}'); read as unknown.");
                if (sd <= 1e-12 * Math.Max(1, Math.Abs(mean))) continue;
                result._numeric.Add(new NumericColumn(name, mean, sd));
                if (repeated >= 2 && distinct <= Math.Max(2, n / 2)) groups.Add(name);
            }
            else if (repeated >= 2 && distinct <= Math.Max(2, n / 2))
            {
                var levels = present.GroupBy(v => v, StringComparer.Ordinal).Where(g => g.Count() >= 2).Select(g => g.Key).OrderBy(v => v, StringComparer.Ordinal).ToArray();
                result._categorical.Add(new CategoricalColumn(name, levels));
                groups.Add(name);
            }
        }
        result.GroupColumns = groups;
        return result;
    }

    /// <summary>The feature vector of one cell (standardised numbers, one-hot levels; unknown = 0).</summary>
    public double[] Features(IReadOnlyDictionary<string, string?> cell)
    {
        var x = new double[FeatureCount];
        var j = 0;
        foreach (var c in _numeric)
        {
            var v = cell.TryGetValue(c.Name, out var s) ? Parse(s) : null;
            x[j++] = v is { } d ? Math.Clamp((d - c.Mean) / c.Sd, -5, 5) : 0;
        }
        if (Interactions > 0)
            for (var a = 0; a < _numeric.Count; a++)
                for (var b = a + 1; b < _numeric.Count; b++)
                    x[j++] = x[a] * x[b];
        foreach (var c in _categorical)
        {
            var s = cell.TryGetValue(c.Name, out var v) ? v?.Trim() : null;
            foreach (var level in c.Levels) x[j++] = s == level ? 1 : 0;
        }
        return x;
    }

    /// <summary>A cell's value of a group column as a key ("" when unknown).</summary>
    public static string Key(IReadOnlyDictionary<string, string?> cell, string column) =>
        cell.TryGetValue(column, out var v) && v is not null ? v.Trim() : "";

    static double? Parse(string? s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
}
