using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary>
/// <c>plateau</c>: no progress. Either, after 30 % of the planned steps, the smoothed loss is within
/// 5 % of its start (one that rose further is diverging, not flat); or (AUTOTRAINER's slow convergence), after 30 % of the planned
/// epochs, no epoch raised validation accuracy by 0.01 or more — the first epoch measured against
/// chance, 1/C.
/// </summary>
public sealed class PlateauDetector : IHealthDetector
{
    /// <inheritdoc />
    public string Code => VerdictCodes.Plateau;

    /// <inheritdoc />
    public HealthVerdict? Inspect(HealthContext context)
    {
        var th = context.Thresholds;
        double after = th["curve.after"];
        var t = context.Experiment.Training;
        var smoothed = context.SmoothedLoss;
        if (smoothed.Count >= HealthContext.MinimumCurveSteps && context.PastShareOfSteps(after))
        {
            double start = smoothed[Math.Min(9, smoothed.Count - 1)], now = smoothed[^1];
            double drop = (start - now) / Math.Abs(start);
            // A loss that climbed well above its start is not flat: that is diverging_loss's finding,
            // and "only −973 % below" said nothing true.
            if (drop < th["plateau.loss_drop"] && drop > -th["plateau.loss_drop"])
                return Verdict.Of(Code, Severity.Warning, context,
                    $"after {context.Step + 1} steps the smoothed loss is {now:G4}, " +
                    (drop >= 0 ? $"only {drop:P1} below where it started ({start:G4})." : $"{-drop:P1} above where it started ({start:G4}): it has not fallen."),
                    Fixes(context), evidence: new Dictionary<string, double> { ["loss_drop"] = drop, ["smoothed_loss"] = now });
        }
        var epochs = context.Epochs;
        if (context.ClassCount > 0 && epochs.Count >= 3 && epochs.Count >= after * context.PlannedEpochs)
        {
            double previous = 1.0 / context.ClassCount, bestGain = double.NegativeInfinity;
            foreach (var e in epochs)
            {
                double accuracy = e.ValidationAccuracy ?? previous;
                bestGain = Math.Max(bestGain, accuracy - previous);
                previous = accuracy;
            }
            if (bestGain < th["plateau.gain"])
                return Verdict.Of(Code, Severity.Warning, context,
                    $"in {epochs.Count} epochs no epoch raised validation accuracy by {th["plateau.gain"]:P0} or more (best gain {bestGain:P2}); it stands at {previous:P1}.",
                    Fixes(context), evidence: new Dictionary<string, double> { ["best_epoch_gain"] = bestGain, ["validation_accuracy"] = previous });
        }
        return null;

        static IEnumerable<string> Fixes(HealthContext c) =>
        [
            Detectors.Fixes.RaiseLearningRate(c.Experiment.Training, c.LearningRateCeiling),
            Detectors.Fixes.InitForActivation(c.Experiment.Model),
            "check for vanishing gradients, dead units or saturation in the per-layer table",
            c.Experiment.Training.L2 > 0 ? $"lower l2 (training.l2: {c.Experiment.Training.L2:G3})" : "use a larger model (model.hidden)",
        ];
    }
}
