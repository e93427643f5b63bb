namespace Twin.Ml.Tests.XGBoost;

internal static class Margins
{
    /// <summary>Asserts float32 agreement row by row: |actual − expected| ≤ 1e-5 · max(|expected|, 1e-3).</summary>
    public static void AssertAgree(IReadOnlyList<float> expected, IReadOnlyList<float> actual, double relative = 1e-5)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var tolerance = relative * Math.Max(Math.Abs(expected[i]), 1e-3);
            if (Math.Abs(actual[i] - expected[i]) > tolerance)
            {
                Assert.Fail($"Row {i}: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tolerance:E2}).");
            }
        }
    }
}
