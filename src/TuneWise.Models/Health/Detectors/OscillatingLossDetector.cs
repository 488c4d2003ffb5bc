using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary>
/// <c>oscillating_loss</c>: (AUTOTRAINER, ICSE 2021) after 30 % of the planned epochs, the training
/// accuracy dropped by ≥ 0.03 (or, for regression, the training loss rose by ≥ 10 %) in more than
/// 20 % of the epochs; or, within epochs, after 30 % of the planned steps, more than 10 % of steps
/// had a loss over twice the previous step's — the saw-tooth of overshooting steps or of unshuffled
/// data sorted by class.
/// </summary>
public sealed class OscillatingLossDetector : IHealthDetector
{
    /// <inheritdoc />
    public string Code => VerdictCodes.OscillatingLoss;

    /// <inheritdoc />
    public HealthVerdict? Inspect(HealthContext context) => ByEpochs(context) ?? BySteps(context);

    // Windows a step rule needs before it judges: a share of jumps over fewer pairs is noise.
    private const int MinimumWindows = 10;

    // Windows whose median is the level a jump is measured against.
    private const int BaselineWindows = 5;

    private HealthVerdict? BySteps(HealthContext context)
    {
        var th = context.Thresholds;
        if (context.Steps.Count < HealthContext.MinimumCurveSteps || !context.PastShareOfSteps(th["curve.after"])) return null;
        // Means over windows of ≥ 64 samples: at batch size 1 a healthy run "jumps" in a third of its steps.
        var losses = context.WindowLosses();
        if (losses.Count < MinimumWindows) return null;
        double factor = th["oscillating_loss.jump"];
        // A jump is measured against the median of the windows just before, not the one before: the
        // last window alone may be a lucky low, and on a falling curve the recent level is what counts.
        int jumps = 0;
        for (int i = 1; i < losses.Count; i++)
        {
            var recent = losses.GetRange(Math.Max(0, i - BaselineWindows), Math.Min(i, BaselineWindows));
            if (losses[i] > factor * Verdict.Median(recent)) jumps++;
        }
        double share = (double)jumps / (losses.Count - 1);
        if (!(share > th["oscillating_loss.jump_share"])) return null;
        string unit = context.WindowSteps == 1 ? "steps" : $"windows of {context.WindowSteps} steps";
        return Verdict.Of(Code, Severity.Warning, context,
            $"in {share:P0} of {unit} the loss jumped to over {factor:G2}× the level of the ones before ({jumps} of {losses.Count - 1}): " +
            (context.Experiment.Data.Shuffle ? "the steps overshoot." : "with shuffling off, batches that differ from the last one undo its progress."),
            Fixes(context), evidence: new Dictionary<string, double> { ["jumps"] = jumps, ["jump_share"] = share, ["window_steps"] = context.WindowSteps });
    }

    private static IEnumerable<string> Fixes(HealthContext context)
    {
        var t = context.Experiment.Training;
        return context.Experiment.Data.Shuffle
            ? [Detectors.Fixes.LowerLearningRate(t), $"use a larger batch (training.batchSize: {t.BatchSize} → {t.BatchSize * 2})",
               "use a decaying schedule (training.schedule: \"cosine\")", "add momentum or use adam to average out noisy gradients"]
            : ["shuffle the training data every epoch (data.shuffle: true)", $"use a larger batch (training.batchSize: {t.BatchSize} → {t.BatchSize * 4})",
               Detectors.Fixes.LowerLearningRate(t)];
    }

    private HealthVerdict? ByEpochs(HealthContext context)
    {
        var epochs = context.Epochs;
        var th = context.Thresholds;
        // A share of 20 % needs at least five epochs to mean anything.
        if (epochs.Count < 5 || epochs.Count < th["curve.after"] * context.PlannedEpochs) return null;
        double swing = th["oscillating_loss.swing"];
        int swings = 0;
        for (int i = 1; i < epochs.Count; i++)
        {
            bool dropped = epochs[i].TrainAccuracy is { } a && epochs[i - 1].TrainAccuracy is { } b
                ? b - a >= swing
                : epochs[i].TrainLoss > 1.1 * epochs[i - 1].TrainLoss;
            if (dropped) swings++;
        }
        double share = (double)swings / epochs.Count;
        if (!(share > th["oscillating_loss.share"])) return null;
        return Verdict.Of(Code, Severity.Warning, context,
            $"training accuracy fell back in {swings} of {epochs.Count} epochs (by ≥ {swing:P0}): the steps overshoot.",
            Fixes(context),
            evidence: new Dictionary<string, double> { ["swings"] = swings, ["epochs"] = epochs.Count, ["swing_share"] = share });
    }
}
