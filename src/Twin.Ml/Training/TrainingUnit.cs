using Twin.Core.Designs;
using Twin.Core.Fade;

namespace Twin.Ml.Training;

/// <summary>
/// One thing the design model learns from: a dataset cell or a literature result. Its lifetime
/// label is an interval [EolLower, EolUpper] of cycles to 80% SOH: equal bounds for a cell seen
/// to cross 80%; an infinite upper bound for a cell still above 80% when its data ends
/// (right-censored, never dropped); a finite range for a literature "retention R after N
/// cycles", from the fade law with exponents 0.5–2. Dataset cells keep their whole
/// <see cref="History"/> for the twin's evaluation.
/// </summary>
public sealed record TrainingUnit(
    string Id,
    string Group,
    string Source,
    CellDesign Design,
    double EolLower,
    double EolUpper,
    double? Exponent,
    IReadOnlyList<SohObservation> Observations,
    CapacityHistory? History = null)
{
    public bool IsExact => EolUpper <= EolLower * 1.05;
    public bool IsRightCensored => double.IsPositiveInfinity(EolUpper);
    public bool IsLiterature => Source == TrainingData.LiteratureSource;
}

/// <summary>A measured SOH (fraction) at a cycle, used to score retention forecasts.</summary>
public readonly record struct SohObservation(int Cycle, double Soh);
