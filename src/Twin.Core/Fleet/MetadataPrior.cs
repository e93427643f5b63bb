namespace Twin.Core.Fleet;

/// <summary>
/// The lab's own prior of log end of life from the reference cells' metadata: the candidate with
/// the lowest leave-one-out error among the plain mean, a ridge regression over every usable
/// column (standardised numbers, one-hot groups) and a shrunk mean of groups built greedily from
/// the group columns. Running (censored) cells enter as lower bounds: their log life is imputed as
/// the larger of the prediction and their last cycle, and the fit repeated.
/// </summary>
public sealed class MetadataPrior
{
    static readonly double[] Lambdas = Enumerable.Range(0, 25).Select(i => Math.Pow(10, -3 + 0.25 * i)).ToArray();
    static readonly double[] Kappas = [0.1, 0.25, 0.5, 1, 2, 4, 8];

    /// <summary>
    /// Group means replace the mean or the ridge only with a leave-one-out RMSE below this share of theirs: the group key
    /// and its shrinkage are chosen among many columns and strengths, so a small lead is selection noise (Severson's
    /// batch column edged out the protocol ridge at 0.110 against 0.122 and cost 1–2 pp on every cut).
    /// </summary>
    const double GroupMargin = 0.85;
    const int MaxGroupColumns = 4;
    const int MaxRounds = 12;

    readonly MetadataColumns _columns;
    readonly Func<IReadOnlyDictionary<string, string?>, double> _predict;

    MetadataPrior(MetadataColumns columns, Func<IReadOnlyDictionary<string, string?>, double> predict, double sd, string description, double[] looPredictions)
    {
        _columns = columns;
        _predict = predict;
        Sd = sd;
        Description = description;
        LeaveOneOut = looPredictions;
    }

    /// <summary>Leave-one-out root mean square error in log cycles over the cells that reached end of life.</summary>
    public double Sd { get; }

    /// <summary>Which candidate won, for the user ("ridge over 7 columns, λ=3.2").</summary>
    public string Description { get; }

    /// <summary>Per reference cell, the log end of life predicted without that cell.</summary>
    public double[] LeaveOneOut { get; }

    public double Predict(IReadOnlyDictionary<string, string?> cell) => _predict(cell);

    /// <param name="logLife">log of the end of life, or of the last cycle for a running cell.</param>
    /// <param name="observed">whether the cell reached end of life.</param>
    public static MetadataPrior Fit(IReadOnlyList<IReadOnlyDictionary<string, string?>> cells, double[] logLife, bool[] observed, ICollection<string> warnings)
    {
        var columns = MetadataColumns.Learn(cells, warnings);
        var obs = Enumerable.Range(0, cells.Count).Where(i => observed[i]).ToArray();
        if (obs.Length == 0) throw new ArgumentException("no reference cell reached end of life.", nameof(observed));
        var y = (double[])logLife.Clone();

        Candidate best = null!;
        for (var round = 0; round < MaxRounds; round++)
        {
            best = Mean(y, obs);
            var tried = new List<string> { $"mean {Math.Sqrt(best.Loo):0.000}" };
            if (obs.Length >= 4)
            {
                var x = cells.Select(columns.Features).ToArray();
                if (columns.FeatureCount > 0 && Ridge(x, y, obs, columns) is { } ridge)
                {
                    tried.Add($"ridge {Math.Sqrt(ridge.Loo):0.000}");
                    if (ridge.Loo < best.Loo) best = ridge;
                }
                if (GroupMean(cells, y, obs, columns.GroupColumns) is { } group)
                {
                    tried.Add($"groups {Math.Sqrt(group.Loo):0.000}");
                    if (group.Loo < GroupMargin * GroupMargin * best.Loo) best = group;
                }
            }
            best = best with { Text = $"{best.Text}; leave-one-out RMSE {string.Join(", ", tried)}" };
            // Censored cells: at least as long as they have run.
            var changed = false;
            for (var i = 0; i < y.Length; i++)
            {
                if (observed[i]) continue;
                var v = Math.Max(logLife[i] + 0.05, best.Predict(cells[i]));
                if (Math.Abs(v - y[i]) > 1e-4) changed = true;
                y[i] = v;
            }
            if (!changed) break;
        }
        return new MetadataPrior(columns, best.Predict, Math.Sqrt(best.Loo), best.Text, best.LooPred);
    }

    /// <summary>Below this many finished cells the mean is taken of the lives themselves, not of their logs.</summary>
    const int FewFinished = 5;

    static Candidate Mean(double[] y, int[] obs)
    {
        var all = Enumerable.Range(0, y.Length).ToArray();
        var n = all.Length;
        if (obs.Length < FewFinished)
        {
            // A handful of lives: their arithmetic mean, the plainest estimate of a life; the geometric mean of two
            // or three lives sits below it by half their log spread squared, a bias no fit here can learn away.
            var lives = all.Select(i => Math.Exp(y[i])).ToArray();
            var total = lives.Sum();
            var meanLog = Math.Log(total / n);
            var looLin = all.Select(i => n > 1 ? Math.Log((total - lives[i]) / (n - 1)) : meanLog).ToArray();
            return new Candidate(obs.Length > 1 ? obs.Average(i => Sq(y[i] - looLin[i])) : 0.25, "arithmetic mean of the reference cells' lives", _ => meanLog, looLin);
        }
        var sum = all.Sum(i => y[i]);
        var mean = sum / n;
        var loo = all.Select(i => n > 1 ? (sum - y[i]) / (n - 1) : mean).ToArray();
        return new Candidate(obs.Length > 1 ? obs.Average(i => Sq(y[i] - loo[i])) : 0.25, "mean of the reference cells", _ => mean, loo);
    }

    static Candidate? Ridge(double[][] x, double[] y, int[] obs, MetadataColumns columns)
    {
        int n = y.Length, p = x[0].Length;
        var xm = new double[p];
        for (var j = 0; j < p; j++) xm[j] = x.Average(r => r[j]);
        var ym = y.Average();
        var xc = x.Select(r => r.Select((v, j) => v - xm[j]).ToArray()).ToArray();
        var gram = new double[p, p];
        var xty = new double[p];
        for (var i = 0; i < n; i++)
            for (var a = 0; a < p; a++)
            {
                xty[a] += xc[i][a] * (y[i] - ym);
                for (var b = a; b < p; b++) gram[a, b] += xc[i][a] * xc[i][b];
            }
        for (var a = 0; a < p; a++) for (var b = 0; b < a; b++) gram[a, b] = gram[b, a];

        (double Loo, double Lambda, double[] Beta, double[] LooPred)? best = null;
        foreach (var lambda in Lambdas)
        {
            var m = (double[,])gram.Clone();
            for (var a = 0; a < p; a++) m[a, a] += lambda;
            if (!Linear.Cholesky(m)) continue;
            var beta = Linear.Solve(m, xty);
            var looPred = new double[n];
            double sse = 0;
            for (var i = 0; i < n; i++)
            {
                var fit = ym + Linear.Dot(xc[i], beta);
                var h = Linear.Dot(xc[i], Linear.Solve(m, xc[i])) + 1.0 / n; // leverage incl. the intercept
                looPred[i] = y[i] - (y[i] - fit) / Math.Max(1e-6, 1 - h);
            }
            foreach (var i in obs) sse += Sq(y[i] - looPred[i]);
            var loo = sse / obs.Length;
            if (best is null || loo < best.Value.Loo) best = (loo, lambda, beta, looPred);
        }
        if (best is not { } b0) return null;
        var coef = b0.Beta;
        double Predict(IReadOnlyDictionary<string, string?> cell)
        {
            var f = columns.Features(cell);
            var v = ym;
            for (var j = 0; j < p; j++) v += (f[j] - xm[j]) * coef[j];
            return v;
        }
        return new Candidate(b0.Loo, $"ridge over {columns.FeatureCount} metadata features (λ={b0.Lambda:0.###})", Predict, b0.LooPred);
    }

    /// <summary>Greedy group key: add the column that lowers the leave-one-out error most, up to a few columns.</summary>
    static Candidate? GroupMean(
        IReadOnlyList<IReadOnlyDictionary<string, string?>> cells, double[] y, int[] obs, IReadOnlyList<string> groupColumns)
    {
        if (groupColumns.Count == 0) return null;
        var chosen = new List<string>();
        (double Loo, double Kappa, string[] Keys, double[] LooPred)? best = null;
        for (var step = 0; step < MaxGroupColumns; step++)
        {
            (double Loo, double Kappa, string[] Keys, double[] LooPred, string Column)? stepBest = null;
            foreach (var column in groupColumns.Except(chosen))
            {
                var keys = cells.Select(c => string.Join("|", chosen.Append(column).Select(k => MetadataColumns.Key(c, k)))).ToArray();
                foreach (var kappa in Kappas)
                {
                    var (loo, looPred) = GroupLoo(keys, y, obs, kappa);
                    if (stepBest is null || loo < stepBest.Value.Loo) stepBest = (loo, kappa, keys, looPred, column);
                }
            }
            if (stepBest is not { } s || (best is { } b && s.Loo >= b.Loo - 1e-9)) break;
            chosen.Add(s.Column);
            best = (s.Loo, s.Kappa, s.Keys, s.LooPred);
        }
        if (best is not { } g) return null;
        var kappaBest = g.Kappa;
        var globalMean = y.Average();
        var sums = new Dictionary<string, (double Sum, int N)>();
        for (var i = 0; i < y.Length; i++)
        {
            sums.TryGetValue(g.Keys[i], out var t);
            sums[g.Keys[i]] = (t.Sum + y[i], t.N + 1);
        }
        var cols = chosen.ToArray();
        double Predict(IReadOnlyDictionary<string, string?> cell)
        {
            var key = string.Join("|", cols.Select(k => MetadataColumns.Key(cell, k)));
            return sums.TryGetValue(key, out var t) ? (t.Sum + kappaBest * globalMean) / (t.N + kappaBest) : globalMean;
        }
        return new Candidate(g.Loo, $"shrunk mean of groups by {string.Join(" × ", cols)} (κ={kappaBest})", Predict, g.LooPred);
    }

    static (double Loo, double[] LooPred) GroupLoo(string[] keys, double[] y, int[] obs, double kappa)
    {
        var n = y.Length;
        var total = y.Sum();
        var sums = new Dictionary<string, (double Sum, int N)>();
        for (var i = 0; i < n; i++)
        {
            sums.TryGetValue(keys[i], out var t);
            sums[keys[i]] = (t.Sum + y[i], t.N + 1);
        }
        var looPred = new double[n];
        double sse = 0;
        for (var i = 0; i < n; i++)
        {
            var globalMean = (total - y[i]) / Math.Max(1, n - 1);
            var (s, c) = sums[keys[i]];
            looPred[i] = (s - y[i] + kappa * globalMean) / (c - 1 + kappa);
        }
        foreach (var i in obs) sse += Sq(y[i] - looPred[i]);
        return (sse / obs.Length, looPred);
    }

    static double Sq(double v) => v * v;

    sealed record Candidate(double Loo, string Text, Func<IReadOnlyDictionary<string, string?>, double> Predict, double[] LooPred);
}
