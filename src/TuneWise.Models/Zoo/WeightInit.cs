using TorchSharp;
using TorchSharp.Modules;
using TuneWise.Core.Experiments;
using static TorchSharp.torch;

namespace TuneWise.Models.Zoo;

/// <summary>
/// Initialises the weights and biases of every linear and convolution layer, including bad
/// initialisations on purpose (tiny normal, huge constant…) so that unhealthy networks can be built.
/// </summary>
internal static class WeightInit
{
    /// <summary>Applies the model section's init, initStd, initValue and biasInit to <paramref name="model"/>.</summary>
    /// <remarks>
    /// With the fan-in rules (he, xavier, lecun) the output layer is drawn like PyTorch's default,
    /// U(±1/√fan_in): its scores then start small, so the initial softmax loss sits near ln C as
    /// CS231n advises. The explicit rules (normal, uniform, constant) apply everywhere, so badly
    /// initialised networks can still be built on purpose.
    /// </remarks>
    public static void Apply(nn.Module model, ModelSection spec)
    {
        using var _ = torch.no_grad();
        var output = model.modules().OfType<Linear>().LastOrDefault();
        bool fanInRule = spec.Init is InitKind.He or InitKind.Xavier or InitKind.LeCun;
        foreach (var (_, module) in model.named_modules())
        {
            var (weight, bias) = module switch
            {
                Linear l => (l.weight, l.bias),
                Conv2d c => (c.weight, c.bias),
                _ => (null, null),
            };
            if (weight is null) continue;
            if (fanInRule && ReferenceEquals(module, output))
            {
                double bound = 1.0 / Math.Sqrt(FanIn(weight));
                nn.init.uniform_(weight, -bound, bound);
            }
            else InitWeight(weight, spec);
            if (bias is not null) nn.init.constant_(bias, spec.BiasInit);
        }
    }

    private static void InitWeight(Tensor weight, ModelSection spec)
    {
        switch (spec.Init)
        {
            case InitKind.He:
                // He et al. 2015: std = gain / sqrt(fan_in), gain √2 for ReLU; leaky_relu uses its slope.
                if (spec.Activation == ActivationKind.LeakyRelu)
                    nn.init.kaiming_normal_(weight, a: 0.01, nonlinearity: nn.init.NonlinearityType.LeakyReLU);
                else
                    nn.init.kaiming_normal_(weight, nonlinearity: nn.init.NonlinearityType.ReLU);
                break;
            case InitKind.Xavier:
                // Glorot & Bengio 2010, with PyTorch's gain for the activation (5/3 for tanh).
                nn.init.xavier_normal_(weight, gain: spec.Activation == ActivationKind.Tanh ? 5.0 / 3.0 : 1.0);
                break;
            case InitKind.LeCun:
                nn.init.normal_(weight, 0, 1.0 / Math.Sqrt(FanIn(weight)));
                break;
            case InitKind.Normal:
                nn.init.normal_(weight, 0, spec.InitStd);
                break;
            case InitKind.Uniform:
                nn.init.uniform_(weight, -spec.InitStd, spec.InitStd);
                break;
            case InitKind.Constant:
                nn.init.constant_(weight, spec.InitValue);
                break;
        }
    }

    private static long FanIn(Tensor weight)
    {
        long fan = weight.shape[1];
        for (int i = 2; i < weight.shape.Length; i++) fan *= weight.shape[i];
        return fan;
    }
}
