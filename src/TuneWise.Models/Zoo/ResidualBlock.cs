using TorchSharp;
using TuneWise.Core.Experiments;
using static TorchSharp.torch;

namespace TuneWise.Models.Zoo;

/// <summary>
/// A basic residual block (He et al. 2016): conv → BN → act → conv → BN, plus the input (through a
/// 1×1 projection when the shape changes), then act.
/// </summary>
public sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv1, bn1, act1, conv2, bn2, act2;
    private readonly nn.Module<Tensor, Tensor>? shortcut;

    /// <summary>Creates a block from <paramref name="inChannels"/> to <paramref name="outChannels"/> with the given stride.</summary>
    public ResidualBlock(string name, int inChannels, int outChannels, int stride, ActivationKind activation) : base(name)
    {
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(outChannels);
        act1 = Activations.Create(activation);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(outChannels);
        act2 = Activations.Create(activation);
        if (stride != 1 || inChannels != outChannels)
            shortcut = nn.Sequential(
                ("conv", nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false)),
                ("bn", nn.BatchNorm2d(outChannels)));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        // call() rather than forward() so that forward hooks of the health probes fire.
        using var scope = NewDisposeScope();
        var h = act1.call(bn1.call(conv1.call(input)));
        h = bn2.call(conv2.call(h));
        var skip = shortcut is null ? input : shortcut.call(input);
        return act2.call(h + skip).MoveToOuterDisposeScope();
    }
}
