using TuneWise.Core.Experiments;

namespace TuneWise.Models.Health.Detectors;

/// <summary>Fix suggestions worded for the configuration in use.</summary>
internal static class Fixes
{
    /// <summary>The initialisation that suits the activation, or "" when it is already in use (callers drop empty fixes).</summary>
    public static string InitForActivation(ModelSection m)
    {
        var (init, name) = m.Activation switch
        {
            ActivationKind.Tanh or ActivationKind.Sigmoid => (InitKind.Xavier, "xavier"),
            ActivationKind.Selu => (InitKind.LeCun, "lecun"),
            _ => (InitKind.He, "he"),
        };
        return m.Init == init ? "" : $"use {name} initialisation for {Name(m.Activation)} (model.init: \"{name}\")";
    }

    /// <summary>
    /// For a network whose first scores are off or overflow: a fan-in initialisation in place of a
    /// fixed-scale one (normal, uniform, constant), else the one that suits the activation ("" when in use).
    /// </summary>
    public static string FanInInit(ModelSection m) => m.Init is InitKind.Normal or InitKind.Uniform or InitKind.Constant
        ? $"use a fan-in initialisation instead of {m.Init.ToString().ToLowerInvariant()} (model.init: \"he\" for relu, \"xavier\" for tanh/sigmoid)"
        : InitForActivation(m);

    public static string BatchNormOrResidual(ModelSection m) => m.Kind == ModelKind.ResNet
        ? "keep the residual connections and batch norm; use fewer blocks per stage"
        : "add batch normalisation (model.batchNorm: true) or use residual connections (model.kind: \"resnet\")";

    /// <summary>
    /// The largest rate advice may propose when no range test measured one: an effective learning rate
    /// above 1e-1 is suspect (DeepDiagnosis, ICSE 2022); a sigmoid network at 9.2 was told to try 92.
    /// </summary>
    public const double SuspectRate = 0.1;

    public static string LowerLearningRate(TrainingSection t) =>
        $"lower the learning rate (training.learningRate: {t.LearningRate:G3} → {t.LearningRate / 10:G3}), or run tunewise lr-find";

    /// <summary>
    /// Raise the rate tenfold, but never past half of <paramref name="ceiling"/> (the rate at which the
    /// study's range test saw the loss diverge) or, without one, past <see cref="SuspectRate"/>; ""
    /// when the rate is already that close to the bound.
    /// </summary>
    public static string RaiseLearningRate(TrainingSection t, double? ceiling = null)
    {
        double bound = ceiling is { } c && double.IsFinite(c) && c > 0 ? c / 2 : SuspectRate;
        double target = Math.Min(t.LearningRate * 10, bound);
        if (target < t.LearningRate * 1.5) return "";
        return $"{Core.Health.VerdictChain.RaiseRatePrefix} (training.learningRate: {t.LearningRate:G3} → {target:G3}), or run tunewise lr-find";
    }

    public static string Name(ActivationKind a) => a switch
    {
        ActivationKind.LeakyRelu => "leaky_relu",
        _ => a.ToString().ToLowerInvariant(),
    };
}
