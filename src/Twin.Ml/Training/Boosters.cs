using Twin.Ml.Interop.XGBoost;

namespace Twin.Ml.Training;

/// <summary>
/// The two XGBoost models behind a design forecast: lifetime (log cycles to 80% SOH, an
/// accelerated-failure-time model, so censored and interval labels are used as such) and the
/// fade-law exponent (log b, squared error on cells whose exponent could be fitted).
/// </summary>
internal static class Boosters
{
    public static XgbBooster FitLifetime(FeatureMatrix x, IReadOnlyList<TrainingUnit> units, IReadOnlyList<int> rows, TrainingOptions options, CancellationToken ct)
    {
        var lower = new float[rows.Count];
        var upper = new float[rows.Count];
        var weight = new float[rows.Count];
        for (var k = 0; k < rows.Count; k++)
        {
            var u = units[rows[k]];
            lower[k] = (float)u.EolLower;
            upper[k] = (float)u.EolUpper;
            weight[k] = (float)(u.IsLiterature ? options.LiteratureWeight : 1.0);
        }
        using var data = XgbDMatrix.FromDense(x.Gather(rows), rows.Count, x.Columns);
        data.SetFloatInfo(XgbFloatField.LabelLowerBound, lower);
        data.SetFloatInfo(XgbFloatField.LabelUpperBound, upper);
        data.SetFloatInfo(XgbFloatField.Weight, weight);
        // Start from the typical lifetime, not XGBoost's default base_score 0.5 (exp(margin) = 0.5
        // cycles), which shrinkage would take hundreds of rounds to climb out of.
        var parameters = new Dictionary<string, string>(options.LifetimeParameters())
        {
            ["base_score"] = Invariant(TypicalLifetime(units, rows)),
        };
        return Fit(data, parameters, options.Rounds, ct);
    }

    /// <summary>
    /// Geometric mean of the observed lifetimes (exact labels): where the trees start and what
    /// they shrink towards. Lower bounds would bias it low, since censored cells lived longer.
    /// </summary>
    static double TypicalLifetime(IReadOnlyList<TrainingUnit> units, IReadOnlyList<int> rows)
    {
        var exact = rows.Where(i => units[i].IsExact).Select(i => Math.Log(units[i].EolUpper)).ToArray();
        return Math.Exp(exact.Length > 0 ? exact.Average() : rows.Select(i => Math.Log(units[i].EolLower)).Average());
    }

    static string Invariant(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    public static XgbBooster FitExponent(FeatureMatrix x, IReadOnlyList<TrainingUnit> units, IReadOnlyList<int> rows, TrainingOptions options, CancellationToken ct)
    {
        var withExponent = rows.Where(i => units[i].Exponent is not null).ToArray();
        if (withExponent.Length == 0) throw new InvalidOperationException("no training cell has a fitted fade exponent; the exponent model cannot be trained.");
        var label = withExponent.Select(i => (float)Math.Log(units[i].Exponent!.Value)).ToArray();
        using var data = XgbDMatrix.FromDense(x.Gather(withExponent), withExponent.Length, x.Columns);
        data.SetFloatInfo(XgbFloatField.Label, label);
        var parameters = new Dictionary<string, string>(options.ExponentParameters()) { ["base_score"] = Invariant(label.Average()) };
        return Fit(data, parameters, options.Rounds, ct);
    }

    static XgbBooster Fit(XgbDMatrix data, IReadOnlyDictionary<string, string> parameters, int rounds, CancellationToken ct)
    {
        var booster = new XgbBooster([data]);
        try
        {
            booster.SetParams(parameters);
            booster.Train(data, rounds, ct);
            return booster;
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    public static float[] PredictMargins(XgbBooster booster, FeatureMatrix x, IReadOnlyList<int> rows)
    {
        using var data = XgbDMatrix.FromDense(x.Gather(rows), rows.Count, x.Columns);
        return booster.Predict(data, outputMargin: true);
    }
}
