using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneWise.Models.Training.Optimizers;

// Same update as TorchSharp's, with every Scalar kept alive until libtorch has read it: see ScalarSafeSgd.cs.

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
        ScalarSafeAdamStep.Apply(group.Parameters, p => { var s = (State)_state[p.Handle]; return (s.exp_avg, s.exp_avg_sq, ++s.step); },
            o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.weight_decay!.Value, 0, o.maximize!.Value);
    }, closure);
}

/// <summary>AdamW (decoupled weight decay), safe from the garbage collector.</summary>
internal sealed class ScalarSafeAdamW(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay)
    : AdamW(parameters, lr, beta1, beta2, eps, weightDecay)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var o = group.Options;
        ScalarSafeAdamStep.Apply(group.Parameters, p => { var s = (State)_state[p.Handle]; return (s.exp_avg, s.exp_avg_sq, ++s.step); },
            o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, 0, o.weight_decay!.Value, o.maximize!.Value);
    }, closure);
}
