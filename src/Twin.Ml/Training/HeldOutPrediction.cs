namespace Twin.Ml.Training;

/// <summary>A method's out-of-fold forecast for one unit: log cycles to 80% and log fade exponent.</summary>
internal readonly record struct HeldOutPrediction(double LogEol, double LogExponent);
