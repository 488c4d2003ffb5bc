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

    public static string BatchNormOrResidual(ModelSection m) => m.Kind == ModelKind.ResNet
        ? "keep the residual connections and batch norm; use fewer blocks per stage"
        : "add batch normalisation (model.batchNorm: true) or use residual connections (model.kind: \"resnet\")";

    public static string LowerLearningRate(TrainingSection t) =>
        $"lower the learning rate (training.learningRate: {t.LearningRate:G3} → {t.LearningRate / 10:G3}), or run tunewise lr-find";

    public static string RaiseLearningRate(TrainingSection t) =>
        $"raise the learning rate (training.learningRate: {t.LearningRate:G3} → {t.LearningRate * 10:G3}), or run tunewise lr-find";

    public static string Name(ActivationKind a) => a switch
    {
        ActivationKind.LeakyRelu => "leaky_relu",
        _ => a.ToString().ToLowerInvariant(),
    };
}
