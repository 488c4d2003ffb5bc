using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary><c>saturated_activation</c>: more than 50 % of a sigmoid/tanh layer's pre-activations have |x| ≥ 5 (DeepDiagnosis, ICSE 2022).</summary>
public sealed class SaturatedActivationDetector : IHealthDetector
{
    /// <inheritdoc />
    public string Code => VerdictCodes.SaturatedActivation;

    /// <inheritdoc />
    public HealthVerdict? Inspect(HealthContext context)
    {
        if (context.Latest is not { } s) return null;
        double limit = context.Thresholds["saturated_activation.fraction"];
        var saturated = s.Activations.Where(a => a.SaturatedFraction > limit).ToList();
        if (saturated.Count == 0) return null;
        var worst = saturated.MaxBy(a => a.SaturatedFraction!.Value)!;
        var m = context.Experiment.Model;
        return Verdict.Of(Code, Severity.Warning, context,
            $"{saturated.Count} {worst.Kind} layer(s) are saturated: {worst.SaturatedFraction:P0} of {worst.Layer}'s inputs are beyond ±{context.Thresholds["saturated_activation.limit"]:G3}, where the gradient is almost zero.",
            [
                Fixes.InitForActivation(m),
                "add batch normalisation before the activation (model.batchNorm: true)",
                "use relu or leaky_relu in hidden layers",
                "standardize the inputs (data.normalize: \"standardize\")",
            ],
            saturated.Select(a => a.Layer), saturated.ToDictionary(a => $"{a.Layer}.saturated_fraction", a => a.SaturatedFraction!.Value));
    }
}
