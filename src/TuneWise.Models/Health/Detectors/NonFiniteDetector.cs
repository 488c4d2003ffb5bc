using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary><c>non_finite</c>: a loss, gradient or weight became NaN or infinite. Always fatal.</summary>
public sealed class NonFiniteDetector : IHealthDetector
{
    /// <inheritdoc />
    public string Code => VerdictCodes.NonFinite;

    /// <inheritdoc />
    public HealthVerdict? Inspect(HealthContext context)
    {
        if (context.NonFinite is not { } e) return null;
        var where = new List<string>();
        if (e.InLoss) where.Add("the loss");
        if (e.GradientLayers.Count > 0) where.Add("gradients of " + string.Join(", ", e.GradientLayers));
        if (e.WeightLayers.Count > 0) where.Add("weights of " + string.Join(", ", e.WeightLayers));
        var t = context.Experiment.Training;
        var fixes = new List<string>
        {
            "check the inputs for NaN/Inf (the input_non_finite preflight check)",
            Fixes.LowerLearningRate(t),
            t.Clip.Mode == Core.Experiments.ClipMode.None
                ? "clip gradients by norm (training.clip: {mode: \"norm\", threshold: 1})"
                : "clip by norm with a lower threshold",
        };
        if (t.Eps is < 1e-10) fixes.Add("raise the optimizer's eps");
        return Verdict.Of(Code, Severity.Fatal, context, $"NaN or Inf appeared at step {e.Step} in {string.Join("; ", where)}.", fixes,
            e.GradientLayers.Concat(e.WeightLayers).Distinct(), new Dictionary<string, double> { ["step"] = e.Step });
    }
}
