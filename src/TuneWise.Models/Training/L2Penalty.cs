using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneWise.Models.Training;

/// <summary>The <c>l2</c> penalty λ·Σw² over weight matrices and kernels (biases and norm scales excluded, as is customary).</summary>
public static class L2Penalty
{
    /// <summary>The parameters the penalty applies to: those with two or more dimensions.</summary>
    public static IReadOnlyList<Parameter> PenalizedParameters(IEnumerable<Parameter> parameters) =>
        parameters.Where(p => p.dim() >= 2).ToList();

    /// <summary>λ·Σw² as a scalar tensor that takes part in backpropagation.</summary>
    public static Tensor Compute(IReadOnlyList<Parameter> weights, double lambda)
    {
        Tensor? sum = null;
        foreach (var w in weights)
        {
            var term = w.pow(2).sum();
            sum = sum is null ? term : sum + term;
        }
        // An explicit Scalar, alive until the native call has returned (see ScalarSafeSgd).
        using var scale = lambda.ToScalar();
        return (sum ?? zeros(1)).mul(scale);
    }
}
