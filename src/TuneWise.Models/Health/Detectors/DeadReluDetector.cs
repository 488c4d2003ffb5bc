using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary>
/// <c>dead_relu</c>: at least 70 % of a ReLU layer's outputs are ≤ 0 on the probe batch (DeepDiagnosis,
/// ICSE 2022) and at least half of its units never fire on that batch.
/// </summary>
/// <remarks>
/// The output share alone fires on healthy networks: an MLP on standardised Fashion-MNIST reaching 86 %
/// accuracy had 81–87 % zero outputs, with 15–27 % of units silent on the batch. A dying layer is one
/// whose units stop firing for every input, so they get no gradient again; that is what the unit share
/// measures. Batches too small to tell a dead unit from a quiet one (batch size 1) are not judged.
/// </remarks>
public sealed class DeadReluDetector : IHealthDetector
{
    /// <inheritdoc />
    public string Code => VerdictCodes.DeadRelu;

    /// <inheritdoc />
    public HealthVerdict? Inspect(HealthContext context)
    {
        if (context.Latest is not { } s) return null;
        double limit = context.Thresholds["dead_relu.fraction"], unitLimit = context.Thresholds["dead_relu.unit_fraction"];
        if (context.Experiment.Training.BatchSize < context.Thresholds["dead_relu.min_batch"]) return null;
        var dead = s.Activations.Where(a => a.DeadFraction >= limit && a.DeadUnitFraction >= unitLimit).ToList();
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
