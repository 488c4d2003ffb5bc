using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary>
/// <c>diverging_loss</c>: the smoothed training loss has climbed above twice its best and above
/// where it started — the range test's divergence rule, applied while training. With batches under
/// 64 samples the curve is the running median (over 5 windows) of the mean loss of windows of 64
/// samples instead: the β = 0.98 average of single-sample losses, and even the raw window means of
/// a long batch-1 run, are so noisy that their minimum sits far below their level, and a healthy
/// batch-1 run looked like a diverging one.
/// </summary>
public sealed class DivergingLossDetector : IHealthDetector
{
    // Windows the rule needs before it judges a small-batch run.
    private const int MinimumWindows = 10;

    /// <inheritdoc />
    public string Code => VerdictCodes.DivergingLoss;

    /// <inheritdoc />
    public HealthVerdict? Inspect(HealthContext context)
    {
        if (context.Steps.Count < HealthContext.MinimumCurveSteps) return null;
        var smoothed = context.WindowSteps == 1 ? context.SmoothedLoss : context.SmoothedWindowLosses();
        if (smoothed.Count < (context.WindowSteps == 1 ? HealthContext.MinimumCurveSteps : MinimumWindows)) return null;
        double best = smoothed.Min(), current = smoothed[^1], start = smoothed[Math.Min(9, smoothed.Count - 1)];
        double factor = context.Thresholds["diverging_loss.factor"];
        if (!(current > factor * best && current > start)) return null;
        int bestStep = context.WindowSteps == 1 ? context.Steps.Count - smoothed.Count + smoothed.IndexOf(best) : (smoothed.IndexOf(best) + 2) * context.WindowSteps;
        return Verdict.Of(Code, Severity.Warning, context,
            $"the smoothed loss rose from its best {best:G3} (step {bestStep}) to {current:G3}, above where it started ({start:G3}).",
            [Fixes.LowerLearningRate(context.Experiment.Training), "use a decaying schedule (training.schedule: \"cosine\")",
             "clip gradients by norm (training.clip: {mode: \"norm\", threshold: 1})"],
            evidence: new Dictionary<string, double> { ["smoothed_loss"] = current, ["best_smoothed_loss"] = best, ["initial_smoothed_loss"] = start });
    }
}
