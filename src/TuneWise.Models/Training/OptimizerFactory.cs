using TorchSharp;
using TorchSharp.Modules;
using TuneWise.Core.Experiments;
using static TorchSharp.torch;

namespace TuneWise.Models.Training;

/// <summary>Creates the optimizer a <c>training</c> section names, with its own knobs.</summary>
internal static class OptimizerFactory
{
    /// <summary>
    /// Creates the optimizer. Decoupled <c>weightDecay</c> is built into AdamW; for the other
    /// optimizers the trainer applies it itself (see <see cref="AppliesOwnWeightDecay"/>).
    /// </summary>
    public static optim.Optimizer Create(IEnumerable<Parameter> parameters, TrainingSection t)
    {
        double lr = t.LearningRate;
        double momentum = t.Momentum ?? 0.9;
        return t.Optimizer switch
        {
            // Every optimizer: TorchSharp's updates with their Scalars kept alive (see ScalarSafeSgd).
            OptimizerKind.Sgd => new Optimizers.ScalarSafeSgd(parameters, lr),
            OptimizerKind.Momentum => new Optimizers.ScalarSafeSgd(parameters, lr, momentum),
            OptimizerKind.Nesterov => new Optimizers.ScalarSafeSgd(parameters, lr, momentum, nesterov: true),
            OptimizerKind.Adam => new Optimizers.ScalarSafeAdam(parameters, lr, t.Betas[0], t.Betas[1], t.Eps ?? 1e-8),
            OptimizerKind.AdamW => new Optimizers.ScalarSafeAdamW(parameters, lr, t.Betas[0], t.Betas[1], t.Eps ?? 1e-8, t.WeightDecay),
            OptimizerKind.RmsProp => new Optimizers.ScalarSafeRmsProp(parameters, lr, t.RmspropAlpha, t.Eps ?? 1e-8, t.Momentum ?? 0, t.Centered),
            OptimizerKind.Adadelta => new Optimizers.ScalarSafeAdadelta(parameters, lr, t.Eps ?? 1e-6),
            OptimizerKind.Adagrad => new Optimizers.ScalarSafeAdagrad(parameters, lr, t.Eps ?? 1e-10),
            _ => throw new ArgumentOutOfRangeException(nameof(t), t.Optimizer, null),
        };
    }

    /// <summary>True when the trainer, not the optimizer, must apply decoupled weight decay.</summary>
    public static bool AppliesOwnWeightDecay(TrainingSection t) => t.WeightDecay > 0 && t.Optimizer != OptimizerKind.AdamW;

    /// <summary>Sets the learning rate of every parameter group.</summary>
    public static void SetLearningRate(optim.Optimizer optimizer, double lr)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
    }
}
