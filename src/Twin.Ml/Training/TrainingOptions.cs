namespace Twin.Ml.Training;

/// <summary>XGBoost hyper-parameters and cross-validation settings for the design model.</summary>
public sealed record TrainingOptions
{
    public int Rounds { get; init; } = 150;
    public int MaxDepth { get; init; } = 3;
    public double Eta { get; init; } = 0.08;
    public double MinChildWeight { get; init; } = 2;
    public double Lambda { get; init; } = 2;
    /// <summary>σ of the log-normal AFT likelihood (log-cycles).</summary>
    public double AftScale { get; init; } = 0.4;
    /// <summary>Literature results are few and carry the only coating signal; they count this many times a dataset cell.</summary>
    public double LiteratureWeight { get; init; } = 3;
    public int Folds { get; init; } = 5;
    /// <summary>
    /// Also score the lifetime trees' fade-law forecast of each literature study with that study left
    /// out (one refit per study, a few seconds): the "before" row of the literature report. Off for
    /// in-process retraining, which does not need it.
    /// </summary>
    public bool CompareTreesOnLiterature { get; init; }
    /// <summary>One thread: the data is a few hundred rows, where OpenMP start-up costs more than it saves.</summary>
    public int Threads { get; init; } = 1;
    /// <summary>Most cut-history cases the twin's conformal scale is computed from (the shipped data has under 1,000; a store of 100k cells would have 300k).</summary>
    public int MaxTwinCalibrationCases { get; init; } = 2000;
    /// <summary>Most units of one group in each leave-one-coating-out refit (the shipped data's groups are far smaller).</summary>
    public int MaxUnitsPerGroupInRefits { get; init; } = 1000;
    /// <summary>Cores the twin calibration may use; a server's retraining job keeps it to one so serving keeps the others.</summary>
    public int CalibrationParallelism { get; init; } = Environment.ProcessorCount;

    public IReadOnlyDictionary<string, string> LifetimeParameters() => Common(new()
    {
        ["objective"] = "survival:aft",
        ["eval_metric"] = "aft-nloglik",
        ["aft_loss_distribution"] = "normal",
        ["aft_loss_distribution_scale"] = AftScale.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["monotone_constraints"] = LifetimeMonotoneConstraints(),
    });

    public IReadOnlyDictionary<string, string> ExponentParameters() => Common(new()
    {
        ["objective"] = "reg:squarederror",
    });

    /// <summary>
    /// Physics the trees must respect, so a design outside the training range is extrapolated in
    /// the right direction: faster discharge or charge and higher specific current never lengthen
    /// life (BRIEF.md). The exponent model is left free.
    /// </summary>
    public static string LifetimeMonotoneConstraints()
    {
        var names = Core.Features.DesignFeatures.Names;
        return "(" + string.Join(",", names.Select(n => n is "log10_current_mA_g" or "c_rate" or "charge_c_rate" ? "-1" : "0")) + ")";
    }

    Dictionary<string, string> Common(Dictionary<string, string> p)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        p["tree_method"] = "hist";
        p["max_depth"] = MaxDepth.ToString(c);
        p["eta"] = Eta.ToString(c);
        p["min_child_weight"] = MinChildWeight.ToString(c);
        p["lambda"] = Lambda.ToString(c);
        p["nthread"] = Threads.ToString(c);
        p["seed"] = "7";
        p["verbosity"] = "0";
        return p;
    }
}
