using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneWise.Models.Training.Optimizers;

// Same update as TorchSharp's, with every Scalar kept alive until libtorch has read it: see ScalarSafeSgd.cs.

/// <summary>RMSprop (plain, centered, with momentum) with the same update as TorchSharp's, safe from the garbage collector.</summary>
internal sealed class ScalarSafeRmsProp(IEnumerable<Parameter> parameters, double lr, double alpha, double eps, double momentum, bool centered)
    : RMSProp(parameters, lr, alpha, eps, momentum: momentum, centered: centered)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var o = group.Options;
        double alpha = o.alpha!.Value, momentum = o.momentum!.Value, decay = o.weight_decay!.Value, lr = o.LearningRate!.Value;
        using var one = 1.0.ToScalar();
        using var minusOne = (-1.0).ToScalar();
        using var alphaScalar = alpha.ToScalar();
        using var share = (1 - alpha).ToScalar();
        using var epsScalar = o.eps!.Value.ToScalar();
        using var momentumScalar = momentum.ToScalar();
        using var decayScalar = decay.ToScalar();
        using var rate = (-lr).ToScalar();
        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            if (o.maximize!.Value) grad = grad.neg();
            var state = (State)_state[param.Handle];
            state.step += 1;
            if (decay != 0) grad = grad.add(param, decayScalar);
            state.square_avg.mul_(alphaScalar).addcmul_(grad, grad, share);
            Tensor average;
            if (o.centered!.Value)
            {
                state.grad_avg.mul_(alphaScalar).add_(grad, share);
                average = state.square_avg.addcmul(state.grad_avg, state.grad_avg, minusOne).sqrt_().add_(epsScalar, one);
            }
            else average = state.square_avg.sqrt().add_(epsScalar, one);
            if (momentum > 0)
            {
                state.momentum_buffer.mul_(momentumScalar).addcdiv_(grad, average, one);
                param.add_(state.momentum_buffer, rate);
            }
            else param.addcdiv_(grad, average, rate);
        }
    }, closure);
}
