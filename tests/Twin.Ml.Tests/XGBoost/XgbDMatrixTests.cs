using Twin.Ml.Interop.XGBoost;

namespace Twin.Ml.Tests.XGBoost;

public sealed class XgbDMatrixTests
{
    [Fact]
    public void ADenseMatrixKeepsItsShape()
    {
        using var matrix = XgbDMatrix.FromDense([1, 2, float.NaN, 4, 5, 6], rows: 2, columns: 3);

        Assert.Equal((2, 3), (matrix.Rows, matrix.Columns));
    }

    [Fact]
    public void DataThatIsNotRowsTimesColumnsIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => XgbDMatrix.FromDense([1, 2, 3, 4, 5], rows: 2, columns: 3));

        Assert.Equal("The data has 5 values but 2 rows × 3 columns need 6. (Parameter 'data')", e.Message);
    }

    [Fact]
    public void AnEmptyLabelIsRefusedBeforeReachingXGBoost()
    {
        using var matrix = XgbDMatrix.FromDense(new float[30], rows: 10, columns: 3);

        var e = Assert.Throws<ArgumentException>(() => matrix.SetFloatInfo(XgbFloatField.Label, []));

        Assert.Equal("The field 'label' needs one value per row: 10 values, got 0. (Parameter 'values')", e.Message);
    }

    [Fact]
    public void ABoundWithTheWrongLengthIsRefused()
    {
        using var matrix = XgbDMatrix.FromDense(new float[30], rows: 10, columns: 3);

        var e = Assert.Throws<ArgumentException>(() => matrix.SetFloatInfo(XgbFloatField.LabelUpperBound, new float[11]));

        Assert.Equal("The field 'label_upper_bound' needs one value per row: 10 values, got 11. (Parameter 'values')", e.Message);
    }

    [Fact]
    public void AnUnknownFieldIsRefused()
    {
        using var matrix = XgbDMatrix.FromDense(new float[30], rows: 10, columns: 3);

        var e = Assert.Throws<ArgumentException>(() => matrix.SetFloatInfo("labels", new float[10]));

        Assert.Equal(
            "Unknown float field 'labels'; expected one of label, weight, base_margin, label_lower_bound, label_upper_bound. (Parameter 'field')",
            e.Message);
    }

    [Fact]
    public void InfiniteFeaturesGiveXGBoostsMessage()
    {
        var e = Assert.Throws<XGBoostException>(() => XgbDMatrix.FromDense([1, float.PositiveInfinity], rows: 1, columns: 2));

        Assert.Equal("XGDMatrixCreateFromMat", e.Function);
        Assert.Contains("inf", e.NativeMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ADisposedMatrixCannotBeUsed()
    {
        var matrix = XgbDMatrix.FromDense(new float[6], rows: 2, columns: 3);
        matrix.Dispose();

        Assert.Throws<ObjectDisposedException>(() => matrix.SetFloatInfo(XgbFloatField.Label, new float[2]));
    }
}
