using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary>
/// <c>exploding_gradient</c>: the first layer's gradient is more than 70× the last layer's, or the
/// loss reached 1e3 (AUTOTRAINER, ICSE 2021). The loss criterion is fatal, the ratio a warning.
/// </summary>
public sealed class ExplodingGradientDetector : IHealthDetector
{
    /// <inheritdoc />
    public string Code => VerdictCodes.ExplodingGradient;

    /// <inheritdoc />
    public HealthVerdict? Inspect(HealthContext context)
    {
        var th = context.Thresholds;
        double lossLimit = th["exploding_gradient.loss"], ratioLimit = th["exploding_gradient.ratio"];
        var t = context.Experiment.Training;
        var fixes = new List<string>
        {
            Fixes.LowerLearningRate(t),
            t.Clip.Mode == Core.Experiments.ClipMode.Norm ? $"lower the clipping threshold (training.clip.threshold: {t.Clip.Threshold:G3})"
                : "clip gradients by norm (training.clip: {mode: \"norm\", threshold: 1})",
            Fixes.InitForActivation(context.Experiment.Model),
            Fixes.BatchNormOrResidual(context.Experiment.Model),
        };
        var step = context.Steps.Count > 0 ? context.Steps[^1] : null;
        if (step is not null && step.DataLoss >= lossLimit)
            return Verdict.Of(Code, Severity.Fatal, context,
                $"the loss reached {step.DataLoss:G3} at step {step.Step} (limit {lossLimit:G3}): training has exploded.", fixes,
                evidence: new Dictionary<string, double> { ["loss"] = step.DataLoss });
        if (context.Latest is not { } s || s.Layers.Count < 2 || !(s.FirstToLastGradientRatio > ratioLimit)) return null;
        return Verdict.Of(Code, Severity.Warning, context,
            $"the first layer ({s.Layers[0].Layer}) gets gradients {s.FirstToLastGradientRatio:G3}× those of the last ({s.Layers[^1].Layer}); above {ratioLimit:G3} they are exploding towards the input.",
            fixes, [s.Layers[0].Layer],
            new Dictionary<string, double>
            {
                ["first_to_last_gradient_ratio"] = s.FirstToLastGradientRatio,
                ["first_gradient_norm"] = s.Layers[0].GradientNorm,
                ["last_gradient_norm"] = s.Layers[^1].GradientNorm,
            });
    }
}
