using System.Globalization;
using Twin.Import.Internal;

namespace Twin.Import.Tests;

public sealed class ValuesTests
{
    [Fact]
    public void TheFastDecimalPathGivesTheSameBitsAsDoubleParse()
    {
        var rng = new Random(4242);
        for (int i = 0; i < 200_000; i++)
        {
            int intDigits = rng.Next(0, 8);
            int fracDigits = rng.Next(0, 16);
            var sb = new System.Text.StringBuilder();
            if (rng.Next(3) == 0) sb.Append('-');
            for (int k = 0; k < intDigits; k++) sb.Append((char)('0' + rng.Next(10)));
            if (fracDigits > 0 || intDigits == 0) sb.Append('.');
            for (int k = 0; k < fracDigits; k++) sb.Append((char)('0' + rng.Next(10)));
            string s = sb.ToString();
            bool expectedOk = double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double expected);
            bool ok = Values.TryParseNumber(s, decimalComma: false, out double actual);
            Assert.Equal(expectedOk, ok);
            if (ok && !double.IsNaN(actual))
            {
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"'{s}': {expected:R} vs {actual:R}");
            }
        }
    }

    [Theory]
    [InlineData("  0d 00:00:5.05000019073486", 5.05000019073486)]
    [InlineData("  2d 02:52:51.5699996948242", 2 * 86400 + 2 * 3600 + 52 * 60 + 51.5699996948242)]
    [InlineData("144:02:18", 144 * 3600 + 2 * 60 + 18)]
    [InlineData("00:00:01.000", 1)]
    public void DurationsWithDaysAndLongHoursParse(string text, double seconds)
    {
        Assert.True(Values.TryParseDuration(text, false, out double s));
        Assert.Equal(seconds, s, 1e-9);
    }
}
