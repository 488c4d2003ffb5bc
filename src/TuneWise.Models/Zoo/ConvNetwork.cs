using TorchSharp;
using TuneWise.Core.Experiments;
using static TorchSharp.torch;

namespace TuneWise.Models.Zoo;

/// <summary>A convolutional network: [conv 3×3 → batch norm? → activation → max-pool 2×2] per channel count, then the dense head of <c>hidden</c>.</summary>
public static class ConvNetwork
{
    /// <summary>Builds the network for inputs shaped [channels, height, width].</summary>
    public static nn.Module<Tensor, Tensor> Create(int[] inputShape, int outputs, ModelSection spec)
    {
        var (channels, height, width) = ImageShape(inputShape, "cnn");
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int i = 0; i < spec.Channels.Count; i++)
        {
            layers.Add(($"conv{i + 1}", nn.Conv2d(channels, spec.Channels[i], 3, padding: 1)));
            if (spec.BatchNorm) layers.Add(($"cbn{i + 1}", nn.BatchNorm2d(spec.Channels[i])));
            layers.Add(($"cact{i + 1}", Activations.Create(spec.Activation)));
            layers.Add(($"pool{i + 1}", nn.MaxPool2d(2)));
            channels = spec.Channels[i];
            height /= 2;
            width /= 2;
            if (height == 0 || width == 0)
                throw new TuneWise.Core.UserInputException($"{spec.Channels.Count} pooling blocks shrink a {inputShape[1]}×{inputShape[2]} image to nothing; use fewer model.channels.");
        }
        layers.Add(("flatten", nn.Flatten()));
        int flat = channels * height * width;
        MlpNetwork.AddDenseStack(layers, flat, spec);
        layers.Add(("out", nn.Linear(spec.Hidden.Count > 0 ? spec.Hidden[^1] : flat, outputs)));
        return nn.Sequential(layers);
    }

    /// <summary>Reads [C, H, W] (or [H, W]) from a sample shape, or explains why the model needs images.</summary>
    internal static (int Channels, int Height, int Width) ImageShape(int[] shape, string kind) => shape.Length switch
    {
        3 => (shape[0], shape[1], shape[2]),
        2 => (1, shape[0], shape[1]),
        _ => throw new TuneWise.Core.UserInputException($"model.kind {kind} needs image samples shaped [channels, height, width], got [{string.Join(", ", shape)}]; use mlp for tabular data."),
    };
}
