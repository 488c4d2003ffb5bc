using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary>
/// <c>vanishing_gradient</c>: ‖grad first‖ / ‖grad last‖ &lt; 1e-3 and ‖grad first‖ &lt; 1e-4
/// (AUTOTRAINER, ICSE 2021); or every layer's gradient below 1e-4 while the loss is still far from
/// fitted — the case of tiny initial weights, where the forward signal collapses too, so first and
/// last layers shrink together and their ratio stays near 1.
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
        bool ratioRule = last.GradientNorm > normLimit && s.FirstToLastGradientRatio < ratioLimit && first.GradientNorm < normLimit;
        bool allTiny = s.Layers.All(l => l.GradientNorm < normLimit) && StillFarFromFitted(context, s);
        if (!ratioRule && !allTiny) return null;
        // Dead or saturated units pass no gradient back: that is the cause, and its own verdict says
        // so. Calling it vanishing would send the reader to raise a rate that killed the units.
        if (UnitsExplainIt(context, s)) return null;
        var m = context.Experiment.Model;
        if (s.Step > 0 && s.Layers.All(l => l.GradientNorm == 0))
            return Verdict.Of(Code, Severity.Warning, context,
                $"every layer's gradient is exactly 0 at step {s.Step} while the loss is {s.DataLoss:G3}: no signal flows back at all, the network is dead, not slowly fading.",
                [Fixes.LowerLearningRate(context.Experiment.Training), Fixes.InitForActivation(m), "use leaky_relu (model.activation: \"leaky_relu\") so no unit is silent for every input"],
                s.Layers.Select(l => l.Layer), new Dictionary<string, double> { ["largest_gradient_norm"] = 0 });
        var starved = ratioRule
            ? s.Layers.TakeWhile(l => l.GradientNorm < ratioLimit * last.GradientNorm).Select(l => l.Layer).ToList()
            : s.Layers.Select(l => l.Layer).ToList();
        var message = ratioRule
            ? $"the first {starved.Count} layer(s) get gradients {s.FirstToLastGradientRatio:G2} times the last layer's ({first.GradientNorm:G2} vs {last.GradientNorm:G2}): they barely learn."
            : $"every layer's gradient is below {normLimit:G2} (largest {s.Layers.Max(l => l.GradientNorm):G2}) while the loss is still {s.DataLoss:G3}: the signal has died out in both directions.";
        return Verdict.Of(Code, Severity.Warning, context, message,
            [
                Fixes.InitForActivation(m),
                Fixes.BatchNormOrResidual(m),
                m.Activation is Core.Experiments.ActivationKind.Sigmoid or Core.Experiments.ActivationKind.Tanh
                    ? "use relu or leaky_relu instead of " + Fixes.Name(m.Activation) : "use fewer layers (model.hidden)",
                Fixes.RaiseLearningRate(context.Experiment.Training, context.LearningRateCeiling),
            ],
            starved,
            new Dictionary<string, double>
            {
                ["first_to_last_gradient_ratio"] = s.FirstToLastGradientRatio,
                ["first_gradient_norm"] = first.GradientNorm,
                ["last_gradient_norm"] = last.GradientNorm,
                ["largest_gradient_norm"] = s.Layers.Max(l => l.GradientNorm),
            });
    }

    private static bool UnitsExplainIt(HealthContext context, Core.Health.HealthSample s) =>
        s.Activations.Any(a => (a.DeadFraction >= context.Thresholds["dead_relu.fraction"] && a.DeadUnitFraction >= context.Thresholds["dead_relu.unit_fraction"])
            || a.SaturatedFraction > context.Thresholds["saturated_activation.fraction"]);

    // Tiny gradients are expected once the data are fitted; they only mean trouble while the loss is
    // still high: above half of chance level (ln C) for classification, above half its start otherwise.
    private static bool StillFarFromFitted(HealthContext context, Core.Health.HealthSample s)
    {
        double reference = context.ClassCount > 1 ? Math.Log(context.ClassCount)
            : context.Steps.Count > 0 ? context.Steps[0].DataLoss : 0;
        return s.DataLoss > 0.5 * reference;
    }
}
