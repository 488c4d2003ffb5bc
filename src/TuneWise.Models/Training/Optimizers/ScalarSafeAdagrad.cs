using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneWise.Models.Training.Optimizers;

// Same update as TorchSharp's, with every Scalar kept alive until libtorch has read it: see ScalarSafeSgd.cs.

/// <summary>Adagrad with the same update as TorchSharp's, safe from the garbage collector.</summary>
internal sealed class ScalarSafeAdagrad(IEnumerable<Parameter> parameters, double lr, double eps)
    : Adagrad(parameters, lr, eps: eps)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var o = group.Options;
        double decay = o.weight_decay!.Value, lrDecay = o.lr_decay!.Value, lr = o.LearningRate!.Value;
        using var one = 1.0.ToScalar();
        using var epsScalar = o.eps!.Value.ToScalar();
        using var decayScalar = decay.ToScalar();
        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            var state = (State)_state[param.Handle];
            state.step += 1;
            if (decay != 0) grad = grad.add(param, decayScalar);
            using var rate = (-lr / (1 + (state.step - 1) * lrDecay)).ToScalar();
            state.sum.addcmul_(grad, grad, one);
            var std = state.sum.sqrt().add_(epsScalar, one);
            param.addcdiv_(grad, std, rate);
        }
    }, closure);
}
