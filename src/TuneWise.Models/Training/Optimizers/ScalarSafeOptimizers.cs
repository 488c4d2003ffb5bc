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

/// <summary>Adam, or AdamW with decoupled weight decay, with the same update as TorchSharp's, safe from the garbage collector.</summary>
internal static class ScalarSafeAdamStep
{
    /// <summary>One Adam update of the parameters of a group; <paramref name="decoupledDecay"/> shrinks the weights first (AdamW).</summary>
    public static void Apply(IEnumerable<Parameter> parameters, Func<Parameter, (Tensor ExpAvg, Tensor ExpAvgSq, long Step)> advance,
        double lr, double beta1, double beta2, double eps, double couplingDecay, double decoupledDecay, bool maximize)
    {
        using var one = 1.0.ToScalar();
        using var beta1Scalar = beta1.ToScalar();
        using var beta2Scalar = beta2.ToScalar();
        using var gradientShare = (1 - beta1).ToScalar();
        using var squareShare = (1 - beta2).ToScalar();
        using var epsScalar = eps.ToScalar();
        using var coupling = couplingDecay.ToScalar();
        using var shrink = (1 - lr * decoupledDecay).ToScalar();
        foreach (var param in parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            if (maximize) grad = grad.neg();
            var (expAvg, expAvgSq, step) = advance(param);
            if (decoupledDecay != 0) param.mul_(shrink);
            if (couplingDecay != 0) grad = grad.add(param, coupling);
            expAvg.mul_(beta1Scalar).add_(grad, gradientShare);
            expAvgSq.mul_(beta2Scalar).addcmul_(grad, grad, squareShare);
            using var correction = Math.Sqrt(1 - Math.Pow(beta2, step)).ToScalar();
            using var stepSize = (-lr / (1 - Math.Pow(beta1, step))).ToScalar();
            var denominator = expAvgSq.sqrt().div_(correction).add_(epsScalar, one);
            param.addcdiv_(expAvg, denominator, stepSize);
        }
    }
}

/// <summary>Adam (weight decay, if any, added to the gradient), safe from the garbage collector.</summary>
internal sealed class ScalarSafeAdam(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2, double eps)
    : Adam(parameters, lr, beta1, beta2, eps)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var o = group.Options;
        ScalarSafeAdamStep.Apply(group.Parameters, p =>
        {
            var state = (State)_state[p.Handle];
            state.step += 1;
            return (state.exp_avg, state.exp_avg_sq, state.step);
        }, o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.weight_decay!.Value, 0, o.maximize!.Value);
    }, closure);
}

/// <summary>AdamW (decoupled weight decay), safe from the garbage collector.</summary>
internal sealed class ScalarSafeAdamW(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay)
    : AdamW(parameters, lr, beta1, beta2, eps, weightDecay)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var o = group.Options;
        ScalarSafeAdamStep.Apply(group.Parameters, p =>
        {
            var state = (State)_state[p.Handle];
            state.step += 1;
            return (state.exp_avg, state.exp_avg_sq, state.step);
        }, o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, 0, o.weight_decay!.Value, o.maximize!.Value);
    }, closure);
}

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
