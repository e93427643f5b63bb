namespace Twin.Ml.Interop.XGBoost;

/// <summary>The per-row float fields of a DMatrix that <see cref="XgbDMatrix.SetFloatInfo"/> accepts.</summary>
internal static class XgbFloatField
{
    public const string Label = "label";
    public const string Weight = "weight";
    public const string BaseMargin = "base_margin";

    /// <summary>survival:aft: lower end of the (possibly censored) lifetime interval, ≥ 0.</summary>
    public const string LabelLowerBound = "label_lower_bound";

    /// <summary>survival:aft: upper end; +∞ for a right-censored row, equal to the lower bound when observed.</summary>
    public const string LabelUpperBound = "label_upper_bound";

    public static bool IsKnown(string field) =>
        field is Label or Weight or BaseMargin or LabelLowerBound or LabelUpperBound;
}
