using TorchSharp;
using TuneWise.Core.Experiments;
using static TorchSharp.torch;

namespace TuneWise.Models.Zoo;

/// <summary>A small ResNet: a 3×3 stem, stages of residual blocks (stride 2 between stages), global average pooling and a linear output.</summary>
public static class ResidualNetwork
{
    /// <summary>Builds the network for inputs shaped [channels, height, width].</summary>
    public static nn.Module<Tensor, Tensor> Create(int[] inputShape, int outputs, ModelSection spec)
    {
        var (channels, _, _) = ConvNetwork.ImageShape(inputShape, "resnet");
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("stem", nn.Conv2d(channels, spec.Channels[0], 3, padding: 1, bias: false)),
            ("stem_bn", nn.BatchNorm2d(spec.Channels[0])),
            ("stem_act", Activations.Create(spec.Activation)),
        };
        int current = spec.Channels[0];
        for (int s = 0; s < spec.Channels.Count; s++)
        {
            for (int b = 0; b < spec.Blocks; b++)
            {
                int stride = s > 0 && b == 0 ? 2 : 1;
                var name = $"stage{s + 1}_block{b + 1}";
                layers.Add((name, new ResidualBlock(name, current, spec.Channels[s], stride, spec.Activation)));
                current = spec.Channels[s];
            }
        }
        layers.Add(("pool", nn.AdaptiveAvgPool2d(1)));
        layers.Add(("flatten", nn.Flatten()));
        layers.Add(("out", nn.Linear(current, outputs)));
        return nn.Sequential(layers);
    }
}
