using TuneWise.Search.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary>
/// <c>oscillating_loss</c> (AUTOTRAINER, ICSE 2021): after 30 % of the planned epochs, the training
/// accuracy dropped by ≥ 0.03 (or, for regression, the training loss rose by ≥ 10 %) in more than
/// 20 % of the epochs.
/// </summary>
public sealed class OscillatingLossDetector : IHealthDetector
{
    /// <inheritdoc />
    public string Code => VerdictCodes.OscillatingLoss;

    /// <inheritdoc />
    public HealthVerdict? Inspect(HealthContext context)
    {
        var epochs = context.Epochs;
        var th = context.Thresholds;
        if (epochs.Count < 3 || epochs.Count < th["curve.after"] * context.PlannedEpochs) return null;
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
        var t = context.Experiment.Training;
        return Verdict.Of(Code, Severity.Warning, context,
            $"training accuracy fell back in {swings} of {epochs.Count} epochs (by ≥ {swing:P0}): the steps overshoot.",
            [Fixes.LowerLearningRate(t), $"use a larger batch (training.batchSize: {t.BatchSize} → {t.BatchSize * 2})",
             "use a decaying schedule (training.schedule: \"cosine\")",
             context.Experiment.Data.Shuffle ? "add momentum or use adam to average out noisy gradients" : "shuffle the training data (data.shuffle: true)"],
            evidence: new Dictionary<string, double> { ["swings"] = swings, ["epochs"] = epochs.Count, ["swing_share"] = share });
    }
}
