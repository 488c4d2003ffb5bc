using TuneWise.Search.Experiments;

namespace TuneWise.Models.Health.Detectors;

/// <summary>Fix suggestions worded for the configuration in use.</summary>
internal static class Fixes
{
    public static string InitForActivation(ModelSection m) => m.Activation switch
    {
        ActivationKind.Tanh or ActivationKind.Sigmoid => $"use xavier initialisation for {Name(m.Activation)} (model.init: \"xavier\")",
        ActivationKind.Selu => "use lecun initialisation for selu (model.init: \"lecun\")",
        _ => $"use he initialisation for {Name(m.Activation)} (model.init: \"he\")",
    };

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
