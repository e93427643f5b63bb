using System.Globalization;

namespace Twin.Import.Internal;

/// <summary>Culture-free parsing of the number, duration and date syntaxes found in cycler exports.</summary>
internal static class Values
{
    private static readonly string[] MonthFirst =
    [
        "MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy HH:mm:ss.FFFFFFF", "M/d/yyyy H:mm:ss", "M/d/yyyy h:mm:ss tt",
        "M/d/yyyy H:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd h:mm:ss tt",
        "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
        "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm:ss.FFFFFFF", "dd-MMM-yy h:mm:ss tt", "dd-MMM-yyyy HH:mm:ss",
        "dd.MM.yyyy HH:mm:ss", "dd/MM/yyyy HH:mm:ss",
    ];

    private static readonly string[] DayFirst =
    [
        "dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm:ss.FFFFFFF", "d/M/yyyy H:mm:ss", "dd.MM.yyyy HH:mm:ss",
        "dd.MM.yyyy HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss",
        "yyyy/MM/dd HH:mm:ss", "MM/dd/yyyy HH:mm:ss",
    ];

    /// <summary>
    /// Parses a number. Empty, "N/A", "NA", "-" and non-finite values are missing (NaN, true).
    /// With <paramref name="decimalComma"/>, ',' is the decimal separator.
    /// </summary>
    public static bool TryParseNumber(ReadOnlySpan<char> s, bool decimalComma, out double value)
    {
        if (s.IsEmpty || !IsNumberStart(s[0]) || !IsNumberStart(s[^1]))
        {
            s = s.Trim();
            if (s.IsEmpty || IsMissingToken(s))
            {
                value = double.NaN;
                return true;
            }
        }

        if (decimalComma && s.Contains(','))
        {
            if (s.Length > 64)
            {
                value = double.NaN;
                return false;
            }

            Span<char> tmp = stackalloc char[s.Length];
            s.CopyTo(tmp);
            tmp.Replace(',', '.');
            return Finish(double.TryParse(tmp, NumberStyles.Float, CultureInfo.InvariantCulture, out value), ref value);
        }

        if (TryParseSimpleDecimal(s, out value))
        {
            return true;
        }

        return Finish(double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value), ref value);

        static bool Finish(bool ok, ref double v)
        {
            if (ok && !double.IsFinite(v))
            {
                v = double.NaN;
            }

            return ok;
        }
    }

    private static readonly double[] Pow10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Fast path for "[-]ddd[.ddd]" with at most 15 significant digits: the mantissa and the power of
    /// ten are exact doubles, so one division gives the correctly rounded value, the same bits as
    /// double.Parse (Clinger's fast path). Anything else returns false and takes the full parser.
    /// </summary>
    private static bool TryParseSimpleDecimal(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            i = 1;
        }

        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        bool any = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsAsciiDigit(c))
            {
                any = true;
                if (mantissa == 0 && c == '0')
                {
                    if (fraction >= 0)
                    {
                        fraction++;
                    }

                    continue; // leading zeros carry no significant digit
                }

                if (++digits > 15)
                {
                    return false;
                }

                mantissa = mantissa * 10 + (c - '0');
                if (fraction >= 0)
                {
                    fraction++;
                }
            }
            else if (c == '.' && fraction < 0)
            {
                fraction = 0;
            }
            else
            {
                return false;
            }
        }

        if (!any || fraction > 22)
        {
            return false;
        }

        double v = fraction > 0 ? mantissa / Pow10[fraction] : mantissa;
        value = negative ? -v : v;
        return true;
    }

    private static bool IsNumberStart(char c) => char.IsAsciiDigit(c) || c is '-' or '+' or '.';

    private static bool IsMissingToken(ReadOnlySpan<char> s) =>
        s is "-" || s.Equals("N/A", StringComparison.OrdinalIgnoreCase) || s.Equals("NA", StringComparison.OrdinalIgnoreCase)
        || s.Equals("nan", StringComparison.OrdinalIgnoreCase) || s.Equals("null", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses "[Nd ]H:mm:ss[.fff]" or "mm:ss" durations; hours may exceed 24.</summary>
    public static bool TryParseDuration(ReadOnlySpan<char> s, bool decimalComma, out double seconds)
    {
        seconds = 0;
        s = s.Trim();
        double days = 0;
        int d = s.IndexOf('d');
        if (d > 0)
        {
            if (!double.TryParse(s[..d].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out days))
            {
                return false;
            }

            s = s[(d + 1)..].Trim();
        }

        int c1 = s.IndexOf(':');
        if (c1 <= 0)
        {
            return false;
        }

        int c2rel = s[(c1 + 1)..].IndexOf(':');
        double h = 0;
        double m;
        ReadOnlySpan<char> secPart;
        if (c2rel >= 0)
        {
            int c2 = c1 + 1 + c2rel;
            if (!double.TryParse(s[..c1], NumberStyles.Integer, CultureInfo.InvariantCulture, out h)
                || !double.TryParse(s[(c1 + 1)..c2], NumberStyles.Integer, CultureInfo.InvariantCulture, out m))
            {
                return false;
            }

            secPart = s[(c2 + 1)..];
        }
        else
        {
            if (!double.TryParse(s[..c1], NumberStyles.Integer, CultureInfo.InvariantCulture, out m))
            {
                return false;
            }

            secPart = s[(c1 + 1)..];
        }

        if (!TryParseNumber(secPart, decimalComma, out double sec) || double.IsNaN(sec))
        {
            return false;
        }

        seconds = days * 86400 + h * 3600 + m * 60 + sec;
        return double.IsFinite(seconds);
    }

    /// <summary>
    /// Parses a clock time: text in one of the known layouts, or a number (Unix seconds or milliseconds,
    /// or an Excel serial day when <paramref name="allowExcelSerial"/>). Taken as UTC.
    /// </summary>
    public static bool TryParseDate(ReadOnlySpan<char> s, bool dayFirst, bool allowExcelSerial, out DateTimeOffset value)
    {
        value = default;
        s = s.Trim();
        if (s.IsEmpty)
        {
            return false;
        }

        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) && double.IsFinite(n))
        {
            try
            {
                if (n > 1e8 && n < 1e11)
                {
                    value = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(n * 1000));
                    return true;
                }

                if (n >= 1e11 && n < 1e14)
                {
                    value = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(n));
                    return true;
                }

                if (allowExcelSerial && n > 1 && n < 2958465)
                {
                    value = new DateTimeOffset(DateTime.FromOADate(n), TimeSpan.Zero);
                    return true;
                }
            }
            catch (ArgumentException)
            {
                return false;
            }

            return false;
        }

        const DateTimeStyles styles = DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTime.TryParseExact(s, dayFirst ? DayFirst : MonthFirst, CultureInfo.InvariantCulture, styles, out var dt)
            || DateTime.TryParse(s, CultureInfo.InvariantCulture, styles, out dt))
        {
            value = new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc));
            return true;
        }

        return false;
    }
}
