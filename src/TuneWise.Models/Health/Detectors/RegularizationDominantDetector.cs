using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary><c>regularization_dominant</c>: the <c>l2</c> penalty is larger than the data loss, so training mostly shrinks weights.</summary>
public sealed class RegularizationDominantDetector : IHealthDetector
{
    /// <inheritdoc />
    public string Code => VerdictCodes.RegularizationDominant;

    /// <inheritdoc />
    public HealthVerdict? Inspect(HealthContext context)
    {
        if (context.Latest is not { } s || s.RegularizationLoss <= 0) return null;
        double ratio = s.RegularizationLoss / Math.Max(s.DataLoss, 1e-12);
        if (!(ratio > context.Thresholds["regularization_dominant.ratio"])) return null;
        double l2 = context.Experiment.Training.L2;
        return Verdict.Of(Code, Severity.Warning, context,
            $"the l2 penalty ({s.RegularizationLoss:G3}) is {ratio:G3}× the data loss ({s.DataLoss:G3}): the optimizer is mostly shrinking weights, not fitting data.",
            [$"lower l2 (training.l2: {l2:G3} → {l2 / Math.Max(10, ratio * 10):G3})", "use decoupled weight decay instead (training.weightDecay with adamw)"],
            evidence: new Dictionary<string, double> { ["l2_to_data_loss_ratio"] = ratio, ["l2_loss"] = s.RegularizationLoss, ["data_loss"] = s.DataLoss });
    }
}
