using Twin.Core.Fade;
using Twin.Ml.Models;

namespace Twin.Ml.Training;

/// <summary>Nonconformity scores, cross-conformal coverage and the accuracy metrics of BRIEF.md.</summary>
internal static class Scoring
{
    /// <summary>Distance in log-cycles from the prediction to the unit's label interval (0 inside it).</summary>
    public static double Score(TrainingUnit u, double logEol)
    {
        var lo = Math.Log(u.EolLower);
        var hi = double.IsPositiveInfinity(u.EolUpper) ? double.PositiveInfinity : Math.Log(u.EolUpper);
        return Math.Max(0, Math.Max(lo - logEol, logEol - hi));
    }

    public static EvaluationRow Evaluate(
        string method, string domain, IReadOnlyList<TrainingUnit> units, IReadOnlyList<int> rows,
        IReadOnlyList<HeldOutPrediction> predictions, IReadOnlyList<int> fold)
    {
        double apeSum = 0, aeSum = 0;
        var apes = new List<double>();
        int exact = 0, observations = 0;
        foreach (var i in rows)
        {
            var u = units[i];
            var p = predictions[i];
            var law = new FadeLaw(Math.Exp(p.LogEol), Math.Clamp(Math.Exp(p.LogExponent), FadeLaw.MinB, FadeLaw.MaxB));
            if (u.IsExact)
            {
                var ape = Math.Abs(law.Eol80 - u.EolUpper) / u.EolUpper;
                apeSum += ape;
                apes.Add(ape);
                exact++;
            }
            foreach (var o in u.Observations)
            {
                aeSum += Math.Abs(100 * (Math.Max(0, law.Soh(o.Cycle)) - o.Soh));
                observations++;
            }
        }
        // Cross-conformal: each fold's units are judged with quantiles from the other folds' scores.
        var covered = new int[3];
        double widthSum = 0;
        var scoresByFold = rows.GroupBy(i => fold[i]).ToDictionary(g => g.Key, g => g.Select(i => Score(units[i], predictions[i].LogEol)).ToList());
        var quantiles = scoresByFold.Keys.ToDictionary(k => k, k =>
            ConformalQuantiles.From(scoresByFold.Where(kv => kv.Key != k).SelectMany(kv => kv.Value).DefaultIfEmpty(0).ToList()));
        foreach (var i in rows)
        {
            var q = quantiles[fold[i]];
            var s = Score(units[i], predictions[i].LogEol);
            if (s <= q.Q80) covered[0]++;
            if (s <= q.Q90) covered[1]++;
            if (s <= q.Q95) covered[2]++;
            if (units[i].IsExact)
                widthSum += (Math.Exp(predictions[i].LogEol + q.Q90) - Math.Exp(predictions[i].LogEol - q.Q90)) / units[i].EolUpper;
        }
        var c80 = (double)covered[0] / rows.Count;
        var c90 = (double)covered[1] / rows.Count;
        var c95 = (double)covered[2] / rows.Count;
        double? width = exact == 0 ? null : widthSum / exact;
        return new EvaluationRow(method, domain, rows.Count, exact,
            exact == 0 ? double.NaN : apeSum / exact,
            exact == 0 ? double.NaN : apes.Order().ElementAt(apes.Count / 2),
            observations == 0 ? double.NaN : aeSum / observations,
            c80, c90, c95, width);
    }
}
