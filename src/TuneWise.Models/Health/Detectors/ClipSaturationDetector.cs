using TuneWise.Core.Experiments;
using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary>
/// <c>clip_saturation</c>: clipping acts almost always — norm clipping on ≥ 90 % of steps, or value
/// clipping on ≥ 50 % of gradient elements — so the threshold, not the gradient, sets the step.
/// </summary>
public sealed class ClipSaturationDetector : IHealthDetector
{
    /// <inheritdoc />
    public string Code => VerdictCodes.ClipSaturation;

    /// <inheritdoc />
    public HealthVerdict? Inspect(HealthContext context)
    {
        var clip = context.Experiment.Training.Clip;
        if (context.Latest is not { } s || clip.Mode == ClipMode.None) return null;
        if (clip.Mode == ClipMode.Norm)
        {
            double limit = context.Thresholds["clip_saturation.step_fraction"];
            if (!(s.ClippedStepFraction >= limit)) return null;
            return Verdict.Of(Code, Severity.Warning, context,
                $"norm clipping acted on {s.ClippedStepFraction:P0} of recent steps: the gradient norm ({s.GradientNorm:G3}) is far above the threshold {clip.Threshold:G3}, so every step has the same length.",
                [$"raise the clipping threshold (training.clip.threshold: {clip.Threshold:G3} → {Math.Max(clip.Threshold * 10, s.GradientNorm):G3})",
                 Fixes.LowerLearningRate(context.Experiment.Training)],
                evidence: new Dictionary<string, double> { ["clipped_step_fraction"] = s.ClippedStepFraction!.Value, ["gradient_norm"] = s.GradientNorm, ["threshold"] = clip.Threshold });
        }
        double elementLimit = context.Thresholds["clip_saturation.element_fraction"];
        var clippedLayers = s.Layers.Where(l => l.ValueClippedFraction >= elementLimit).ToList();
        if (clippedLayers.Count == 0) return null;
        double median = Verdict.Median(s.Layers.Select(l => l.ValueClippedFraction ?? 0));
        return Verdict.Of(Code, Severity.Warning, context,
            $"value clipping at ±{clip.Threshold:G3} changed {median:P0} of gradient elements (median over layers): the gradient's direction is lost, only its signs remain.",
            ["clip by norm instead of by value (training.clip.mode: \"norm\"), which keeps the direction",
             $"raise the clipping threshold (training.clip.threshold: {clip.Threshold:G3} → {clip.Threshold * 100:G3})"],
            clippedLayers.Select(l => l.Layer),
            clippedLayers.ToDictionary(l => $"{l.Layer}.value_clipped_fraction", l => l.ValueClippedFraction!.Value));
    }
}
