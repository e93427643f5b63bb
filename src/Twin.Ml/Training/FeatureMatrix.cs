using Twin.Core.Features;

namespace Twin.Ml.Training;

/// <summary>Row-major float features of a list of units, and row subsets of it.</summary>
internal sealed class FeatureMatrix
{
    public FeatureMatrix(IReadOnlyList<TrainingUnit> units)
    {
        Columns = DesignFeatures.Count;
        Rows = units.Count;
        Values = new float[Rows * Columns];
        for (var i = 0; i < Rows; i++) DesignFeatures.Encode(units[i].Design, Values.AsSpan(i * Columns, Columns));
    }

    public int Rows { get; }
    public int Columns { get; }
    public float[] Values { get; }

    public ReadOnlySpan<float> Row(int i) => Values.AsSpan(i * Columns, Columns);

    public float[] Gather(IReadOnlyList<int> rows)
    {
        var result = new float[rows.Count * Columns];
        for (var k = 0; k < rows.Count; k++) Row(rows[k]).CopyTo(result.AsSpan(k * Columns, Columns));
        return result;
    }
}
