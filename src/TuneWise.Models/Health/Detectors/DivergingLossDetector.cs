using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary>
/// <c>diverging_loss</c>: the smoothed training loss has climbed above twice its best and above
/// where it started — the range test's divergence rule, applied while training.
/// </summary>
public sealed class DivergingLossDetector : IHealthDetector
{
    /// <inheritdoc />
    public string Code => VerdictCodes.DivergingLoss;

    /// <inheritdoc />
    public HealthVerdict? Inspect(HealthContext context)
    {
        var smoothed = context.SmoothedLoss;
        if (smoothed.Count < HealthContext.MinimumCurveSteps) return null;
        double best = smoothed.Min(), current = smoothed[^1], start = smoothed[Math.Min(9, smoothed.Count - 1)];
        double factor = context.Thresholds["diverging_loss.factor"];
        if (!(current > factor * best && current > start)) return null;
        int bestStep = context.Steps.Count - smoothed.Count + smoothed.IndexOf(best);
        return Verdict.Of(Code, Severity.Warning, context,
            $"the smoothed loss rose from its best {best:G3} (step {bestStep}) to {current:G3}, above where it started ({start:G3}).",
            [Fixes.LowerLearningRate(context.Experiment.Training), "use a decaying schedule (training.schedule: \"cosine\")",
             "clip gradients by norm (training.clip: {mode: \"norm\", threshold: 1})"],
            evidence: new Dictionary<string, double> { ["smoothed_loss"] = current, ["best_smoothed_loss"] = best, ["initial_smoothed_loss"] = start });
    }
}
