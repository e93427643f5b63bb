using Twin.Core.Fleet;

namespace Twin.Ml.Training;

/// <summary>
/// The "metadata regression alone" baseline of BRIEF.md: ridge regression of log lifetime on
/// the same design features (missing values replaced by the training mean), fitted on units with
/// a finite label (the geometric middle of an interval label).
/// </summary>
internal sealed class RidgeBaseline
{
    const double Lambda = 1.0;
    readonly double[] _mean, _scale, _weights;
    readonly double _intercept;

    RidgeBaseline(double[] mean, double[] scale, double[] weights, double intercept)
    {
        _mean = mean; _scale = scale; _weights = weights; _intercept = intercept;
    }

    public static RidgeBaseline Fit(FeatureMatrix x, IReadOnlyList<TrainingUnit> units, IReadOnlyList<int> rows)
    {
        var train = rows.Where(i => double.IsFinite(units[i].EolUpper)).ToArray();
        var p = x.Columns;
        var mean = new double[p];
        var scale = new double[p];
        for (var j = 0; j < p; j++)
        {
            var values = train.Select(i => (double)x.Row(i)[j]).Where(double.IsFinite).ToArray();
            mean[j] = values.Length == 0 ? 0 : values.Average();
            var sd = values.Length < 2 ? 0 : Math.Sqrt(values.Select(v => (v - mean[j]) * (v - mean[j])).Sum() / (values.Length - 1));
            scale[j] = sd > 1e-9 ? sd : 1;
        }
        var y = train.Select(i => 0.5 * (Math.Log(units[i].EolLower) + Math.Log(units[i].EolUpper))).ToArray();
        var yMean = y.Average();
        // Normal equations (ZᵀZ + λI) w = Zᵀ(y − ȳ) on standardised features.
        var a = new double[p, p];
        var b = new double[p];
        var z = new double[p];
        for (var r = 0; r < train.Length; r++)
        {
            Standardise(x.Row(train[r]), mean, scale, z);
            for (var j = 0; j < p; j++)
            {
                b[j] += z[j] * (y[r] - yMean);
                for (var k = 0; k < p; k++) a[j, k] += z[j] * z[k];
            }
        }
        for (var j = 0; j < p; j++) a[j, j] += Lambda;
        // The ridge term makes XᵀX + λI positive definite, so a Cholesky solve always succeeds.
        if (!Linear.Cholesky(a)) throw new InvalidOperationException("the ridge system is not positive definite.");
        return new RidgeBaseline(mean, scale, Linear.Solve(a, b), yMean);
    }

    public double Predict(ReadOnlySpan<float> row)
    {
        var z = new double[_weights.Length];
        Standardise(row, _mean, _scale, z);
        var y = _intercept;
        for (var j = 0; j < z.Length; j++) y += _weights[j] * z[j];
        return y;
    }

    static void Standardise(ReadOnlySpan<float> row, double[] mean, double[] scale, double[] z)
    {
        for (var j = 0; j < z.Length; j++) z[j] = float.IsFinite(row[j]) ? (row[j] - mean[j]) / scale[j] : 0;
    }
}
