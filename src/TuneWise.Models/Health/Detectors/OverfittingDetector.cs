using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary>
/// <c>overfitting</c>: the validation loss rose in each of the last 2 epochs while the training
/// loss fell, and stands above its best — the "low training loss, rising validation loss" row of
/// the train-versus-validation table — and stands 5 % above its best, so sampling noise of a small
/// validation split does not count.
/// </summary>
public sealed class OverfittingDetector : IHealthDetector
{
    /// <inheritdoc />
    public string Code => VerdictCodes.Overfitting;

    /// <inheritdoc />
    public HealthVerdict? Inspect(HealthContext context)
    {
        var epochs = context.Epochs;
        int k = (int)context.Thresholds["overfitting.epochs"];
        if (epochs.Count < k + 1) return null;
        for (int i = epochs.Count - k; i < epochs.Count; i++)
            if (!(epochs[i].ValidationLoss > epochs[i - 1].ValidationLoss && epochs[i].TrainLoss < epochs[i - 1].TrainLoss)) return null;
        double best = epochs.Min(e => e.ValidationLoss), now = epochs[^1].ValidationLoss;
        double rise = context.Thresholds["overfitting.rise"];
        if (!(now >= best * (1 + rise)) || !(now >= epochs[^1].TrainLoss * (1 + rise))) return null;
        int bestEpoch = epochs.FindIndex(e => e.ValidationLoss == best);
        var t = context.Experiment.Training;
        var m = context.Experiment.Model;
        return Verdict.Of(Code, Severity.Warning, context,
            $"validation loss rose for {k} epochs to {now:G3} (best {best:G3} at epoch {bestEpoch + 1}) while training loss kept falling to {epochs[^1].TrainLoss:G3}.",
            [$"stop earlier (training.epochs: {bestEpoch + 1})",
             t.L2 > 0 || t.WeightDecay > 0 ? "strengthen regularization (training.l2 or training.weightDecay × 10)" : "add regularization (training.weightDecay: 0.01 with adamw, or training.l2: 1e-4)",
             m.Dropout > 0 ? $"raise dropout (model.dropout: {m.Dropout:G2} → {Math.Min(0.5, m.Dropout + 0.2):G2})" : "add dropout (model.dropout: 0.2)",
             "use more training data"],
            evidence: new Dictionary<string, double> { ["validation_loss"] = now, ["best_validation_loss"] = best, ["train_loss"] = epochs[^1].TrainLoss });
    }
}
