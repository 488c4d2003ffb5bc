using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneWise.Models.Training.Optimizers;

// TorchSharp 0.107's optimizers pass numbers to native code as Scalars made on the fly
// (`denom.add_(eps)` becomes add_(Scalar eps, Scalar 1)). Nothing holds those Scalars once their
// handles are read, so a garbage collection during the native call may finalize one while libtorch
// still reads it: the step fails with "Unknown scalar type" or a Scalar overflow, at random,
// about once in 1,500 Adam steps when another thread collects continuously, and once in a few
// hundred epochs of an ML.NET-hosted study. These steps compute the same update with every Scalar
// created and disposed explicitly, so each stays alive until the native call returns. The
// optimizers' state and options stay TorchSharp's, so saving and loading state still works.

/// <summary>Plain, momentum and Nesterov SGD with the same update as TorchSharp's, safe from the garbage collector.</summary>
internal sealed class ScalarSafeSgd(IEnumerable<Parameter> parameters, double lr, double momentum = 0, bool nesterov = false)
    : SGD(parameters, lr, momentum, nesterov: nesterov)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var o = group.Options;
        double momentum = o.momentum!.Value, dampening = o.dampening!.Value, decay = o.weight_decay!.Value, lr = o.LearningRate!.Value;
        using var decayScalar = decay.ToScalar();
        using var momentumScalar = momentum.ToScalar();
        using var keep = (1 - dampening).ToScalar();
        using var rate = (o.maximize!.Value ? lr : -lr).ToScalar();
        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            if (decay != 0) grad = grad.add(param, decayScalar);
            if (momentum != 0)
            {
                var state = (State)_state[param.Handle];
                if (state.momentum_buffer is null)
                    state.momentum_buffer = grad.clone().detach().DetachFromDisposeScope();
                else
                    state.momentum_buffer.mul_(momentumScalar).add_(grad, keep);
                grad = o.nesterov!.Value ? grad.add(state.momentum_buffer, momentumScalar) : state.momentum_buffer;
            }
            param.add_(grad, rate);
        }
    }, closure);
}
