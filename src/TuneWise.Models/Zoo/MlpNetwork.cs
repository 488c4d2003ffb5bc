using TorchSharp;
using TuneWise.Core.Experiments;
using static TorchSharp.torch;

namespace TuneWise.Models.Zoo;

/// <summary>A multilayer perceptron: flatten, then [linear → batch norm? → activation → dropout?] per hidden width, then a linear output.</summary>
public static class MlpNetwork
{
    /// <summary>Builds the network. Layer names are <c>fc1…fcN</c>, <c>bn1…</c>, <c>act1…</c>, <c>out</c>.</summary>
    public static nn.Module<Tensor, Tensor> Create(int inputs, int outputs, ModelSection spec)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)> { ("flatten", nn.Flatten()) };
        AddDenseStack(layers, inputs, spec);
        layers.Add(("out", nn.Linear(spec.Hidden.Count > 0 ? spec.Hidden[^1] : inputs, outputs)));
        return nn.Sequential(layers);
    }

    /// <summary>Adds the hidden dense layers of <paramref name="spec"/> (shared by the MLP and the CNN head).</summary>
    internal static void AddDenseStack(List<(string, nn.Module<Tensor, Tensor>)> layers, int inputs, ModelSection spec)
    {
        int width = inputs;
        for (int i = 0; i < spec.Hidden.Count; i++)
        {
            layers.Add(($"fc{i + 1}", nn.Linear(width, spec.Hidden[i])));
            if (spec.BatchNorm) layers.Add(($"bn{i + 1}", nn.BatchNorm1d(spec.Hidden[i])));
            layers.Add(($"act{i + 1}", Activations.Create(spec.Activation)));
            if (spec.Dropout > 0) layers.Add(($"drop{i + 1}", nn.Dropout(spec.Dropout)));
            width = spec.Hidden[i];
        }
    }
}
