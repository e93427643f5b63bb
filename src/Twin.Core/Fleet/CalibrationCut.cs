namespace Twin.Core.Fleet;

/// <summary>
/// One held-out cut of a reference cell, forecast from the other references: what was observable
/// (<see cref="Progress"/>: SOH lost so far over SOH to lose; the prior; the cell's own curve; the
/// similarity mixture for every candidate bandwidth and recency weight) and the true log end of
/// life. Never the fraction of life.
/// </summary>
internal sealed record HeldOutCut(int Cell, double Progress, double LogLast, double LogPrior, double LogOwn, double[] LogMixture, double[] BestMismatch, double LogTrue);

/// <summary>A held-out cut reduced to what the intervals need: its progress, the learned forecast's log residual and its best match.</summary>
internal readonly record struct CalibrationCut(double Progress, double BestMismatch, double LogResidual);
