using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneWise.Models.Training.Optimizers;

// Same update as TorchSharp's, with every Scalar kept alive until libtorch has read it: see ScalarSafeSgd.cs.

/// <summary>Adadelta with the same update as TorchSharp's, safe from the garbage collector.</summary>
internal sealed class ScalarSafeAdadelta(IEnumerable<Parameter> parameters, double lr, double eps)
    : Adadelta(parameters, lr, eps: eps)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var o = group.Options;
        double rho = o.rho!.Value, decay = o.weight_decay!.Value;
        using var one = 1.0.ToScalar();
        using var rhoScalar = rho.ToScalar();
        using var share = (1 - rho).ToScalar();
        using var epsScalar = o.eps!.Value.ToScalar();
        using var decayScalar = decay.ToScalar();
        using var rate = (-o.LearningRate!.Value).ToScalar();
        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            var state = (State)_state[param.Handle];
            if (decay != 0) grad = grad.add(param, decayScalar);
            state.square_avg.mul_(rhoScalar).addcmul_(grad, grad, share);
            var std = state.square_avg.add(epsScalar, one).sqrt_();
            var delta = state.acc_delta.add(epsScalar, one).sqrt_().div_(std).mul_(grad);
            param.add_(delta, rate);
            state.acc_delta.mul_(rhoScalar).addcmul_(delta, delta, share);
        }
    }, closure);
}
