using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary><c>regularization_negligible</c> (info): <c>l2</c> is on but its penalty is under 1e-4 of the data loss, so it does nothing.</summary>
public sealed class RegularizationNegligibleDetector : IHealthDetector
{
    /// <inheritdoc />
    public string Code => VerdictCodes.RegularizationNegligible;

    /// <inheritdoc />
    public HealthVerdict? Inspect(HealthContext context)
    {
        if (context.Latest is not { } s || context.Experiment.Training.L2 <= 0) return null;
        double ratio = s.RegularizationLoss / Math.Max(s.DataLoss, 1e-12);
        if (!(ratio < context.Thresholds["regularization_negligible.ratio"])) return null;
        double l2 = context.Experiment.Training.L2;
        return Verdict.Of(Code, Severity.Info, context,
            $"the l2 penalty ({s.RegularizationLoss:G3}) is only {ratio:G2} of the data loss ({s.DataLoss:G3}): at this strength it has no effect.",
            [$"raise l2 (training.l2: {l2:G3} → {l2 * 100:G3}) if you meant to regularize, or set it to 0"],
            evidence: new Dictionary<string, double> { ["l2_to_data_loss_ratio"] = ratio, ["l2_loss"] = s.RegularizationLoss, ["data_loss"] = s.DataLoss });
    }
}
