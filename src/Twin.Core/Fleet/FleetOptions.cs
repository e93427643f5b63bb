namespace Twin.Core.Fleet;

/// <summary>
/// Settings of the fleet level. The similarity bandwidth and recency weight are not set here:
/// they are chosen per fleet by leave-one-cell-out on the reference cells.
/// </summary>
public sealed record FleetOptions
{
    /// <summary>End of life as a fraction of Q_ref used to label the reference cells when the threshold is absolute and a reference's own Q_ref is unknown.</summary>
    public double DefaultThreshold { get; init; } = 0.8;

    /// <summary>Reference cells cut at these fractions of their life to learn from (plus cycle 100); the forecaster itself never sees a fraction.</summary>
    public IReadOnlyList<double> CalibrationFractions { get; init; } = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    /// <summary>At most this many reference cells are cut for calibration (evenly spread), so big fleets fit in seconds.</summary>
    public int MaxCalibrationCells { get; init; } = 120;

    /// <summary>Visible points compared per forecast (evenly thinned, the last always kept).</summary>
    public int MaxMatchPoints { get; init; } = 32;

    /// <summary>Candidate bandwidths of the SOH match (SOH units) and recency exponents.</summary>
    public IReadOnlyList<double> Bandwidths { get; init; } = [0.002, 0.004, 0.008, 0.016, 0.032];

    public IReadOnlyList<double> RecencyExponents { get; init; } = [0, 2];

    /// <summary>Nominal coverage of the interval.</summary>
    public double Level { get; init; } = 0.90;
}
