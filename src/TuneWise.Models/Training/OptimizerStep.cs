using TorchSharp;
using TorchSharp.Modules;
using TuneWise.Core.Experiments;
using static TorchSharp.torch;

namespace TuneWise.Models.Training;

/// <summary>
/// One optimizer step on one batch, as a configuration says: forward, the data loss and the l2
/// penalty, backward, clipping, decoupled weight decay and the update. Every loop that trains a
/// network here steps through it — the trainer, the learning-rate range test and the preflight's
/// small-batch check — so they cannot drift apart (the range test once left out the decoupled
/// weight decay the trainer applied). The step comes in three calls, so a loop can look at the
/// gradients between them (the health monitor, the range test's gradient norm) or stop before the
/// update (a range test that diverged).
/// </summary>
internal sealed class OptimizerStep
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly optim.Optimizer _optimizer;
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly IReadOnlyList<Parameter> _penalized;
    private readonly TrainingSection _training;
    private readonly TaskKind _task;
    private readonly bool _ownDecay;

    /// <param name="model">The network, in training mode.</param>
    /// <param name="optimizer">Its optimizer, over <paramref name="parameters"/>.</param>
    /// <param name="parameters">The trainable parameters: clipped, decayed and penalised.</param>
    /// <param name="training">The configuration: l2, clipping, weight decay.</param>
    /// <param name="task">What the loss is (cross-entropy or squared error).</param>
    public OptimizerStep(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, IReadOnlyList<Parameter> parameters, TrainingSection training, TaskKind task)
    {
        (_model, _optimizer, _parameters, _training, _task) = (model, optimizer, parameters, training, task);
        _penalized = training.L2 > 0 ? L2Penalty.PenalizedParameters(parameters) : [];
        _ownDecay = OptimizerFactory.AppliesOwnWeightDecay(training);
    }

    /// <summary>Sets the rate of every parameter group for the next updates.</summary>
    public void SetLearningRate(double lr) => OptimizerFactory.SetLearningRate(_optimizer, lr);

    /// <summary>Clears the gradients, runs the batch forward and its loss (data loss plus l2 penalty) backward.</summary>
    public BatchLosses Backward(Tensor inputs, Tensor targets)
    {
        _optimizer.zero_grad();
        var output = _model.call(inputs);
        var dataLoss = Evaluator.Loss(output, targets, _task);
        Tensor? l2 = _penalized.Count > 0 ? L2Penalty.Compute(_penalized, _training.L2) : null;
        var losses = new BatchLosses(output, dataLoss, l2);
        losses.Total.backward();
        return losses;
    }

    /// <summary>Clips the gradients as the configuration says: the norm before clipping and whether it clipped; null when it does not clip.</summary>
    public (double PreClipNorm, bool Clipped)? Clip() =>
        _training.Clip.Mode == ClipMode.None ? null : GradientClipper.Clip(_parameters, _training.Clip);

    /// <summary>Applies decoupled weight decay at <paramref name="lr"/> (when the optimizer does not itself) and the optimizer's update.</summary>
    public void Update(double lr)
    {
        if (_ownDecay) ApplyDecoupledDecay(lr * _training.WeightDecay);
        _optimizer.step();
    }

    // Decoupled weight decay (Loshchilov & Hutter 2019): w ← w − lr·λ·w, applied before the
    // optimizer's own update, as AdamW does.
    private void ApplyDecoupledDecay(double factor)
    {
        using var noGrad = no_grad();
        // An explicit Scalar, alive until every call has returned (see ScalarSafeSgd).
        using var keep = (1 - factor).ToScalar();
        foreach (var p in _parameters) p.mul_(keep);
    }
}

/// <summary>What a batch's forward pass gave: the network's output, the data loss and the l2 penalty (null without one).</summary>
internal readonly record struct BatchLosses(Tensor Output, Tensor DataLoss, Tensor? L2)
{
    /// <summary>The loss minimised: the data loss plus the penalty.</summary>
    public Tensor Total { get; } = L2 is null ? DataLoss : DataLoss + L2;
}
