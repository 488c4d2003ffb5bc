using TuneWise.Search.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary>
/// <c>vanishing_gradient</c>: ‖grad first‖ / ‖grad last‖ &lt; 1e-3 and ‖grad first‖ &lt; 1e-4
/// (AUTOTRAINER, ICSE 2021). Names every layer whose gradient is below the ratio limit.
/// </summary>
public sealed class VanishingGradientDetector : IHealthDetector
{
    /// <inheritdoc />
    public string Code => VerdictCodes.VanishingGradient;

    /// <inheritdoc />
    public HealthVerdict? Inspect(HealthContext context)
    {
        if (context.Latest is not { } s || s.Layers.Count < 2) return null;
        double ratioLimit = context.Thresholds["vanishing_gradient.ratio"], normLimit = context.Thresholds["vanishing_gradient.first_norm"];
        var first = s.Layers[0];
        var last = s.Layers[^1];
        if (!(s.FirstToLastGradientRatio < ratioLimit && first.GradientNorm < normLimit)) return null;
        var starved = s.Layers.TakeWhile(l => l.GradientNorm < ratioLimit * last.GradientNorm).Select(l => l.Layer).ToList();
        var m = context.Experiment.Model;
        return Verdict.Of(Code, Severity.Warning, context,
            $"the first {starved.Count} layer(s) get gradients {s.FirstToLastGradientRatio:G2} times the last layer's ({first.GradientNorm:G2} vs {last.GradientNorm:G2}): they barely learn.",
            [
                Fixes.InitForActivation(m),
                Fixes.BatchNormOrResidual(m),
                m.Activation is Search.Experiments.ActivationKind.Sigmoid or Search.Experiments.ActivationKind.Tanh
                    ? "use relu or leaky_relu instead of " + Fixes.Name(m.Activation) : "use fewer layers (model.hidden)",
                Fixes.RaiseLearningRate(context.Experiment.Training),
            ],
            starved,
            new Dictionary<string, double>
            {
                ["first_to_last_gradient_ratio"] = s.FirstToLastGradientRatio,
                ["first_gradient_norm"] = first.GradientNorm,
                ["last_gradient_norm"] = last.GradientNorm,
            });
    }
}
