using TorchSharp;
using TuneWise.Core.Experiments;
using static TorchSharp.torch;

namespace TuneWise.Models.Zoo;

/// <summary>Creates activation modules by kind.</summary>
public static class Activations
{
    /// <summary>A new activation module.</summary>
    public static nn.Module<Tensor, Tensor> Create(ActivationKind kind) => kind switch
    {
        ActivationKind.Relu => nn.ReLU(),
        ActivationKind.LeakyRelu => nn.LeakyReLU(0.01),
        ActivationKind.Elu => nn.ELU(),
        ActivationKind.Selu => nn.SELU(),
        ActivationKind.Gelu => nn.GELU(),
        ActivationKind.Tanh => nn.Tanh(),
        ActivationKind.Sigmoid => nn.Sigmoid(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
