using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary>
/// <c>stalled_weights</c>: the median update-to-weight ratio ‖ΔW‖/‖W‖ is below 1e-5, a hundred
/// times under the healthy ≈1e-3 (CS231n). Not judged while a schedule has annealed the rate
/// below a tenth of its peak, nor once the loss has fallen by 90 % of its start: small steps are
/// then intended, or the mark of a model that has converged. One step's update is one draw: with
/// batches under 16 samples (a batch-1 step on a sample already learnt barely moves) it says
/// nothing and the rule waits; under 64 a run is not called stalled while its windowed loss still falls.
/// </summary>
public sealed class StalledWeightsDetector : IHealthDetector
{
    /// <inheritdoc />
    public string Code => VerdictCodes.StalledWeights;

    /// <inheritdoc />
    public HealthVerdict? Inspect(HealthContext context)
    {
        if (context.Latest is not { } s || s.Layers.Count == 0) return null;
        if (context.Experiment.Training.BatchSize < context.Thresholds["stalled_weights.min_batch"]) return null;
        if (s.LearningRate < 0.1 * context.Experiment.Training.LearningRate) return null;
        var smoothed = context.SmoothedLoss;
        if (smoothed.Count > 10 && smoothed[^1] <= (1 - context.Thresholds["stalled_weights.converged_drop"]) * smoothed[9]) return null;
        if (context.SmallBatchLossStillFalling()) return null;
        double limit = context.Thresholds["stalled_weights.update_ratio"];
        double median = Verdict.Median(s.Layers.Select(l => l.UpdateRatio));
        if (!(median < limit)) return null;
        var stalled = s.Layers.Where(l => l.UpdateRatio < limit).Select(l => l.Layer);
        return Verdict.Of(Code, Severity.Warning, context,
            $"the weights barely move: the median update is {median:G2} of the weights' size per step (healthy ≈ 1e-3), at learning rate {s.LearningRate:G3}.",
            [Fixes.RaiseLearningRate(context.Experiment.Training, context.LearningRateCeiling), "use adam, which scales each step to the gradient's size",
             "check for vanishing gradients (a very small first-layer gradient)"],
            stalled,
            new Dictionary<string, double> { ["median_update_ratio"] = median, ["learning_rate"] = s.LearningRate });
    }
}
