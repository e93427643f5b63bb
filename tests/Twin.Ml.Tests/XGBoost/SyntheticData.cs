using Twin.Ml.Interop.XGBoost;

namespace Twin.Ml.Tests.XGBoost;

/// <summary>Deterministic synthetic regression and survival data; every call builds its own arrays.</summary>
internal sealed class SyntheticData
{
    private SyntheticData(float[] features, int rows, int columns, float[] label, float[] lower, float[] upper)
    {
        Features = features;
        Rows = rows;
        Columns = columns;
        Label = label;
        Lower = lower;
        Upper = upper;
    }

    public float[] Features { get; }
    public int Rows { get; }
    public int Columns { get; }
    public float[] Label { get; }

    /// <summary>AFT bounds: a third observed (lower = upper), a third right-censored (upper = +∞), a third interval-censored.</summary>
    public float[] Lower { get; }
    public float[] Upper { get; }

    public ReadOnlySpan<float> Row(int i) => Features.AsSpan(i * Columns, Columns);

    /// <summary>
    /// Features uniform in [0, 10), about 10 % NaN. The target rises with x0, follows a bump in x1 (rising,
    /// then falling past 6, so a monotone constraint on x1 has work to do) and ignores x2.
    /// </summary>
    public static SyntheticData Create(int rows, int columns = 3, int seed = 7)
    {
        var random = new Random(seed);
        var x = new float[rows * columns];
        var label = new float[rows];
        var lower = new float[rows];
        var upper = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                x[i * columns + j] = random.NextDouble() < 0.1 ? float.NaN : (float)(random.NextDouble() * 10);
            }

            var x0 = float.IsNaN(x[i * columns]) ? 5f : x[i * columns];
            var x1 = float.IsNaN(x[i * columns + 1]) ? 3f : x[i * columns + 1];
            var life = 20f + 4f * x0 + (x1 < 6f ? 3f * x1 : 18f - 4f * (x1 - 6f)) + (float)(random.NextDouble() * 4);
            label[i] = life;
            lower[i] = life;
            upper[i] = (i % 3) switch
            {
                0 => life,
                1 => float.PositiveInfinity,
                _ => life + 10f,
            };
        }

        return new SyntheticData(x, rows, columns, label, lower, upper);
    }

    public XgbDMatrix Matrix() => XgbDMatrix.FromDense(Features, Rows, Columns);

    public XgbDMatrix RegressionMatrix()
    {
        var m = Matrix();
        m.SetFloatInfo(XgbFloatField.Label, Label);
        return m;
    }

    public XgbDMatrix SurvivalMatrix()
    {
        var m = Matrix();
        m.SetFloatInfo(XgbFloatField.LabelLowerBound, Lower);
        m.SetFloatInfo(XgbFloatField.LabelUpperBound, Upper);
        return m;
    }

    public static XgbBooster Train(XgbDMatrix train, int rounds, params (string Name, string Value)[] parameters)
    {
        var booster = new XgbBooster([train]);
        booster.SetParam("tree_method", "hist");
        booster.SetParam("nthread", "2");
        booster.SetParam("max_depth", "4");
        booster.SetParam("eta", "0.3");
        booster.SetParam("verbosity", "1");
        foreach (var (name, value) in parameters)
        {
            booster.SetParam(name, value);
        }

        booster.Train(train, rounds, CancellationToken.None);
        return booster;
    }

    public static readonly (string, string)[] Aft =
    [
        ("objective", "survival:aft"),
        ("eval_metric", "aft-nloglik"),
        ("aft_loss_distribution", "normal"),
        ("aft_loss_distribution_scale", "1.0"),
    ];
}
