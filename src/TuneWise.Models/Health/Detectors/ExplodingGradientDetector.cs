using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary>
/// <c>exploding_gradient</c>: the first layer's gradient is more than 70× the last layer's, or the
/// loss grew past 400× its reference (AUTOTRAINER, ICSE 2021). The loss criterion is fatal, the ratio a warning.
/// </summary>
/// <remarks>
/// AUTOTRAINER's absolute limit (loss ≥ 1e3) was measured on classification, where the loss starts
/// near ln C. A regression's loss scales with its targets: an MSE of 2,300 at step 0 for targets
/// near 50 is healthy. So the limit is relative: to ln C for classification (400 × ln 10 ≈ 1e3,
/// the paper's number) and, for regression, to the median loss of the run's first steps.
/// </remarks>
public sealed class ExplodingGradientDetector : IHealthDetector
{
    /// <inheritdoc />
    public string Code => VerdictCodes.ExplodingGradient;

    // The number of first steps whose median is a regression's reference: one noisy batch is not a start.
    private const int ReferenceSteps = 10;

    private static (double Limit, double Reference) LossLimit(HealthContext context)
    {
        double factor = context.Thresholds["exploding_gradient.loss_factor"];
        if (context.ClassCount > 1) return (factor * Math.Log(context.ClassCount), Math.Log(context.ClassCount));
        var first = context.Steps.Take(ReferenceSteps).Select(s => s.DataLoss).Where(double.IsFinite).Order().ToList();
        double reference = first.Count == 0 ? double.PositiveInfinity : first[first.Count / 2];
        return (factor * reference, reference);
    }

    /// <inheritdoc />
    public HealthVerdict? Inspect(HealthContext context)
    {
        var th = context.Thresholds;
        double ratioLimit = th["exploding_gradient.ratio"];
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
        if (step is not null && LossLimit(context) is var (lossLimit, reference) && step.DataLoss >= lossLimit)
            return Verdict.Of(Code, Severity.Fatal, context,
                $"the loss reached {step.DataLoss:G3} at step {step.Step}, {step.DataLoss / reference:G3}× {(context.ClassCount > 1 ? $"ln {context.ClassCount}" : "its starting value")} " +
                $"(limit {lossLimit:G3}): training has exploded.", fixes,
                evidence: new Dictionary<string, double> { ["loss"] = step.DataLoss, ["reference_loss"] = reference, ["limit"] = lossLimit });
        if (context.Latest is not { } s || s.Layers.Count < 2 || !(s.FirstToLastGradientRatio > ratioLimit)) return null;
        if (!(s.Layers[0].GradientNorm > th["exploding_gradient.first_norm"])) return null;
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
