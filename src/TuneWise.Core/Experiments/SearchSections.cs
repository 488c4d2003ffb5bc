namespace TuneWise.Core.Experiments;

/// <summary>The <c>search.lrRangeTest</c> section.</summary>
public sealed record LrRangeTestSection
{
    /// <summary>First learning rate. Default 1e-7.</summary>
    public double Start { get; init; } = 1e-7;
    /// <summary>Last learning rate. Default 10.</summary>
    public double End { get; init; } = 10;
    /// <summary>Steps of the sweep; default 100, capped at one epoch of the training data.</summary>
    public int? Steps { get; init; }
    /// <summary>exp or linear. Default exp.</summary>
    public string Mode { get; init; } = "exp";
}

/// <summary>
/// The <c>search.budget</c> section: the limits of a study. The first one reached ends the sweep:
/// no new trial starts, and running trials are cut at their next epoch boundary.
/// </summary>
public sealed record BudgetSection
{
    /// <summary>Trials that end complete or pruned (failed trials do not count and are replaced). Default 20.</summary>
    public int Trials { get; init; } = 20;
    /// <summary>Wall-clock limit of the sweep in minutes, counted from this process's start; null for none.</summary>
    public double? Minutes { get; init; }
    /// <summary>Total training epochs over all trials of the study (each trial trains <c>training.epochs</c>); null for none.</summary>
    public int? Epochs { get; init; }
    /// <summary>
    /// The study stops when this many trials in a row have failed (thrown, or ended without a
    /// value): failed trials are replaced, so a cause that fails every trial would otherwise run
    /// for ever. Default <see cref="DefaultMaxFailuresInARow"/>.
    /// </summary>
    public int MaxFailuresInARow { get; init; } = DefaultMaxFailuresInARow;

    /// <summary>The default of <see cref="MaxFailuresInARow"/>: 10.</summary>
    public const int DefaultMaxFailuresInARow = 10;
}

/// <summary>The <c>search.objective</c> section: what the study optimises.</summary>
public sealed record ObjectiveSection
{
    /// <summary>
    /// The metric: <c>validationAccuracy</c>, <c>validationLoss</c>, <c>trainLoss</c> or <c>trainAccuracy</c>.
    /// Default validation accuracy for classification, validation loss for regression.
    /// </summary>
    public string? Metric { get; init; }
    /// <summary>minimize | maximize. Default: maximize for accuracies, minimize for losses.</summary>
    public ObjectiveDirection? Direction { get; init; }
}

/// <summary>The <c>search.pruner.health</c> settings: stop trials whose training is unhealthy.</summary>
public sealed record HealthPrunerSection
{
    /// <summary>Health probes in a row a warning must persist before it stops a trial (fatal verdicts stop at once). Default 3.</summary>
    public int Persistence { get; init; } = 3;
    /// <summary>Warnings are ignored before this epoch. Default 0.</summary>
    public int WarmupEpochs { get; init; }
    /// <summary>
    /// Warning codes that never stop a trial. By default the ones that describe a run that still
    /// learns — saturated activations, oscillation, a plateau, overfitting, the balance of the l2
    /// term, clipping that is always on — so only warnings that block learning stop it (vanishing or
    /// exploding gradients, dead ReLUs, stalled weights, oversized updates, a diverging loss). The
    /// ignored verdicts are still recorded with the trial; ASHA and median judge its scores.
    /// </summary>
    /// <remarks>
    /// Measured: in a 40-trial study, a sigmoid network with 90 % of its inputs saturated still ended
    /// in the top quarter; stopping it on that warning threw away one of the best configurations.
    /// </remarks>
    public IReadOnlyList<string> Ignore { get; init; } = DefaultIgnore;

    /// <summary>The default of <see cref="Ignore"/>.</summary>
    public static IReadOnlyList<string> DefaultIgnore { get; } =
    [
        Health.VerdictCodes.SaturatedActivation, Health.VerdictCodes.OscillatingLoss, Health.VerdictCodes.Plateau,
        Health.VerdictCodes.Overfitting, Health.VerdictCodes.RegularizationDominant, Health.VerdictCodes.RegularizationNegligible,
        Health.VerdictCodes.ClipSaturation,
    ];
}

/// <summary>The <c>search.pruner.asha</c> settings: asynchronous successive halving (Li et al. 2020).</summary>
public sealed record AshaPrunerSection
{
    /// <summary>Epochs before the first rung. Default 1.</summary>
    public int MinEpochs { get; init; } = 1;
    /// <summary>Keep the best 1/η of the trials at each rung; 3–4 per the ASHA paper. Default 3.</summary>
    public int ReductionFactor { get; init; } = 3;
}

/// <summary>The <c>search.pruner.median</c> settings: stop a trial worse than the given percentile of the others at the same epoch.</summary>
public sealed record MedianPrunerSection
{
    /// <summary>The percentile, in (0, 100). Default 50 (the median).</summary>
    public double Percentile { get; init; } = 50;
    /// <summary>Finished trials needed before it prunes. Default 5 (Optuna).</summary>
    public int StartupTrials { get; init; } = 5;
    /// <summary>Epochs a trial runs before it can be pruned. Default 0.</summary>
    public int WarmupEpochs { get; init; }
}

/// <summary>The <c>search.pruner.patient</c> settings: a score-based pruner only acts after this many epochs without improvement.</summary>
public sealed record PatientPrunerSection
{
    /// <summary>Epochs without improvement. Default 2.</summary>
    public int Patience { get; init; } = 2;
    /// <summary>Smallest change that counts as improvement. Default 0.</summary>
    public double MinDelta { get; init; }
}

/// <summary>
/// The <c>search.pruner</c> section. Health and ASHA pruning are on by default; set a pruner to
/// <c>null</c> to switch it off, or give an object to switch it on with its settings.
/// </summary>
public sealed record PrunerSection
{
    /// <summary>Health pruning. Default on.</summary>
    public HealthPrunerSection? Health { get; init; } = new();
    /// <summary>ASHA. Default on.</summary>
    public AshaPrunerSection? Asha { get; init; } = new();
    /// <summary>Median (percentile) pruning. Default off.</summary>
    public MedianPrunerSection? Median { get; init; }
    /// <summary>Patience wrapped around ASHA and median. Default off.</summary>
    public PatientPrunerSection? Patient { get; init; }
}

/// <summary>The <c>search</c> section: how a study explores configurations.</summary>
public sealed record SearchSection
{
    /// <summary>The learning-rate range test run first.</summary>
    public LrRangeTestSection LrRangeTest { get; init; } = new();
    /// <summary>auto | tpe | gp | random | grid. Default auto: the Gaussian process for the first 100 trials, then TPE.</summary>
    public SamplerKind Sampler { get; init; } = SamplerKind.Auto;
    /// <summary>
    /// Try the experiment's own configuration (each searched parameter at the value the file gives
    /// it) as the study's first trial, as Optuna's <c>enqueue_trial</c> does, so the tuned result is
    /// never worse than the untuned one. Skipped when a value lies outside the space. Default true.
    /// </summary>
    public bool OwnConfigurationFirst { get; init; } = true;
    /// <summary>
    /// Parameters to search, each <c>{log:[lo,hi]}</c>, <c>{range:[lo,hi]}</c>, <c>{choice:[..]}</c>,
    /// <c>{int:[lo,hi], log}</c> or <c>{powerOfTwo:[lo,hi]}</c>; <c>"learningRate": "auto"</c> searches each
    /// optimizer's range from its learning-rate range test.
    /// </summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement> Space { get; init; } = new Dictionary<string, System.Text.Json.JsonElement>();
    /// <summary>Which pruners stop trials early, with their settings.</summary>
    public PrunerSection Pruner { get; init; } = new();
    /// <summary>What the study optimises.</summary>
    public ObjectiveSection Objective { get; init; } = new();
    /// <summary>Limits of the study.</summary>
    public BudgetSection Budget { get; init; } = new();
    /// <summary>Trials run at once, each in its own worker process; the machine's cores are divided between them. Default 1.</summary>
    public int Workers { get; init; } = 1;
    /// <summary>Retrain the best configuration on training + validation data and score it once on the test split. Default false.</summary>
    public bool Retrain { get; init; }
    /// <summary>
    /// The trials are trained by a trainer of the caller's own (an ML.NET estimator factory given to the
    /// tuning API): any parameter name and metric is allowed, and each trial's parameters are handed
    /// to that trainer instead of being written into the experiment. Default false.
    /// </summary>
    public bool CustomTrainer { get; init; }
    /// <summary>
    /// Which trainer of the caller's own trains the trials (the tuning API writes the estimator
    /// factory's method and label column). Part of the study key: a study resumed with another
    /// trainer is refused. Null for the built-in networks.
    /// </summary>
    public string? Trainer { get; init; }
}
