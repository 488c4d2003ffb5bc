using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary><c>dead_relu</c>: at least 70 % of a ReLU layer's outputs are ≤ 0 on the probe batch (DeepDiagnosis, ICSE 2022).</summary>
public sealed class DeadReluDetector : IHealthDetector
{
    /// <inheritdoc />
    public string Code => VerdictCodes.DeadRelu;

    /// <inheritdoc />
    public HealthVerdict? Inspect(HealthContext context)
    {
        if (context.Latest is not { } s) return null;
        double limit = context.Thresholds["dead_relu.fraction"];
        var dead = s.Activations.Where(a => a.DeadFraction >= limit).ToList();
        if (dead.Count == 0) return null;
        var worst = dead.MaxBy(a => a.DeadFraction!.Value)!;
        var evidence = dead.ToDictionary(a => $"{a.Layer}.dead_fraction", a => a.DeadFraction!.Value);
        foreach (var a in dead) evidence[$"{a.Layer}.dead_unit_fraction"] = a.DeadUnitFraction ?? 0;
        var m = context.Experiment.Model;
        return Verdict.Of(Code, Severity.Warning, context,
            $"{dead.Count} ReLU layer(s) output zero for most inputs: {worst.Layer} is zero for {worst.DeadFraction:P0} of outputs and {worst.DeadUnitFraction:P0} of its units never fire on the probe batch.",
            [
                "use leaky_relu (model.activation: \"leaky_relu\") so negative units still get a gradient",
                m.Init == Core.Experiments.InitKind.He && m.BiasInit >= 0 ? "start biases slightly positive (model.biasInit: 0.01)" : Fixes.InitForActivation(m),
                Fixes.LowerLearningRate(context.Experiment.Training),
                Fixes.BatchNormOrResidual(m),
            ],
            dead.Select(a => a.Layer), evidence);
    }
}
