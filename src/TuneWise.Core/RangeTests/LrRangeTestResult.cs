namespace TuneWise.Core.RangeTests;

/// <summary>One step of a learning-rate range test.</summary>
/// <param name="Step">0-based step.</param>
/// <param name="LearningRate">The rate used by the step.</param>
/// <param name="Loss">The raw loss (training batch, or validation when the test uses it).</param>
/// <param name="SmoothedLoss">Debiased exponential moving average of the loss.</param>
/// <param name="GradientNorm">Global L2 norm of the gradients at this step.</param>
/// <param name="DeadUnitFraction">
/// The largest share of a ReLU layer's units that never fire on this step's batch, before the step;
/// NaN when the network has no ReLU.
/// </param>
public sealed record LrRangePoint(int Step, double LearningRate, double Loss, double SmoothedLoss, double GradientNorm, double DeadUnitFraction = double.NaN);

/// <summary>
/// One run of the held-rate check: the rate held for <paramref name="Steps"/> steps at batch
/// <paramref name="BatchSize"/> under the health monitor, and what, if anything, went wrong.
/// </summary>
/// <param name="LearningRate">The rate held from the first step to the last.</param>
/// <param name="BatchSize">The smallest batch the search will try (the sweep's own when it does not search the batch).</param>
/// <param name="Steps">Steps planned; the check stops at the first failure.</param>
/// <param name="Failure">The verdict code that ended it (<c>dead_relu</c>, <c>non_finite</c>, …), or null when the rate held.</param>
/// <param name="FailedAtStep">The step of that verdict, or null.</param>
public sealed record HeldRateProbe(double LearningRate, int BatchSize, int Steps, string? Failure = null, int? FailedAtStep = null)
{
    /// <summary>Whether the network trained through the check without a verdict a learning rate causes.</summary>
    public bool Held => Failure is null;
}

/// <summary>A learning rate proposed by one rule, with the rule's name.</summary>
/// <param name="Rule"><c>valley</c>, <c>steepest</c> or <c>minimum/10</c>.</param>
/// <param name="LearningRate">The proposed rate, or null when the rule found none.</param>
public sealed record LrSuggestion(string Rule, double? LearningRate);

/// <summary>
/// The learning-rate bounds a search should use for one optimizer: the value the orchestrator
/// consumes to set its learning-rate dimension.
/// </summary>
/// <param name="Optimizer">The optimizer the test ran with (e.g. <c>sgd</c>, <c>adam</c>).</param>
/// <param name="Lower">Lower bound of the search range.</param>
/// <param name="Upper">Upper bound of the search range.</param>
/// <param name="Recommended">The single recommended rate.</param>
/// <param name="Rule">How the bounds were derived, in words.</param>
public sealed record LearningRateRange(string Optimizer, double Lower, double Upper, double Recommended, string Rule);

/// <summary>The outcome of a learning-rate range test for one optimizer.</summary>
public sealed record LrRangeTestResult
{
    /// <summary>The optimizer tested.</summary>
    public required string Optimizer { get; init; }
    /// <summary>Every step, in order.</summary>
    public required IReadOnlyList<LrRangePoint> Points { get; init; }
    /// <summary>Each rule's suggestion.</summary>
    public required IReadOnlyList<LrSuggestion> Suggestions { get; init; }
    /// <summary>The single recommended rate (steepest, falling back to valley, then minimum/10).</summary>
    public required double Recommended { get; init; }
    /// <summary>The range the search should sweep.</summary>
    public required LearningRateRange Range { get; init; }
    /// <summary>
    /// Where the divergence began: the rate of the first step after the last one whose raw loss
    /// was at or below the best smoothed loss. Null when the sweep never diverged.
    /// </summary>
    public double? DivergedAt { get; init; }
    /// <summary>
    /// Where ReLU units were dying: the rate at which the share of a layer's silent units (a running
    /// median of five steps) stood a fifth above its level at the sweep's start. When that happens
    /// while the loss still falls, the search range ends well below it. Null without ReLU layers or
    /// when no units died before the sweep stopped.
    /// </summary>
    public double? DeadUnitsFrom { get; init; }
    /// <summary>Units died while the loss still fell, inside the range the loss alone gave, so the range ends well below <see cref="DeadUnitsFrom"/>.</summary>
    public bool CappedByDeadUnits { get; init; }
    /// <summary>
    /// The held-rate checks of the range's top, in order: each held its rate for a few hundred
    /// steps at the smallest batch searched, and a failed one halved the top for the next. Empty
    /// when the check did not run (a recommendation-only sweep).
    /// </summary>
    public IReadOnlyList<HeldRateProbe> HeldRateChecks { get; init; } = [];
    /// <summary>The rate at which the sweep stopped (smoothed loss above the limit, or non-finite), or null if it ran to the end.</summary>
    public double? StoppedAt { get; init; }
    /// <summary>Why the sweep stopped: <c>completed</c>, <c>diverged</c> or <c>non_finite</c>.</summary>
    public required string StopReason { get; init; }
    /// <summary>Whether the loss was measured on validation data (Smith) rather than the training batch.</summary>
    public bool UsedValidationLoss { get; init; }
    /// <summary>
    /// Every step saw the whole training set (batch ≥ training samples). Such a sweep finds the
    /// divergence late: the unstable direction has been damped to almost nothing by the time the rate
    /// crosses the limit (least squares, plain SGD: 3.5–6 × the stability limit against 1.4–1.6 × with
    /// batches of 32–256), so <see cref="DivergedAt"/> is an upper bound there.
    /// </summary>
    public bool FullBatch { get; init; }

    /// <summary>What a person reading the result should know about it, or null.</summary>
    public string? Caveat => FullBatch
        ? "every step of this sweep saw the whole training set: full-batch sweeps find divergence late (up to 3.5–6× past the stability limit), so treat 'diverged at' as an upper bound"
        : null;
}
