using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary>
/// <c>oversized_updates</c>: the median update-to-weight ratio is above 0.1, a hundred times over
/// the healthy ≈1e-3 (CS231n): each step rewrites a tenth of the weights. The first probe is held
/// to five times that bar (0.5): the very first update of freshly initialised weights is often a
/// large share of them (a linear model's first SGD step measured 0.29), and that is how training
/// starts — while a rate far too high rewrites the weights wholesale at once (Adam at 0.5: 1.0).
/// </summary>
public sealed class OversizedUpdatesDetector : IHealthDetector
{
    /// <summary>How much higher the bar is at the first probe.</summary>
    public const double FirstProbeFactor = 5;

    /// <inheritdoc />
    public string Code => VerdictCodes.OversizedUpdates;

    /// <inheritdoc />
    public HealthVerdict? Inspect(HealthContext context)
    {
        if (context.Latest is not { } s || s.Layers.Count == 0) return null;
        double limit = context.Thresholds["oversized_updates.update_ratio"] * (context.Samples.Count == 1 ? FirstProbeFactor : 1);
        double median = Verdict.Median(s.Layers.Select(l => l.UpdateRatio));
        if (!(median > limit)) return null;
        var t = context.Experiment.Training;
        return Verdict.Of(Code, Severity.Warning, context,
            $"each step changes the weights by {median:P1} of their size (median over layers; healthy ≈ 0.1 %) at learning rate {s.LearningRate:G3}.",
            [Fixes.LowerLearningRate(t), "use a warm-up schedule (training.schedule: \"onecycle\")",
             t.Clip.Mode == Core.Experiments.ClipMode.None ? "clip gradients by norm" : "lower the clipping threshold"],
            s.Layers.Where(l => l.UpdateRatio > limit).Select(l => l.Layer),
            new Dictionary<string, double> { ["median_update_ratio"] = median, ["learning_rate"] = s.LearningRate });
    }
}
