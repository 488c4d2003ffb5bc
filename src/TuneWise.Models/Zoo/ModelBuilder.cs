using TorchSharp;
using TuneWise.Core.Experiments;
using static TorchSharp.torch;

namespace TuneWise.Models.Zoo;

/// <summary>Builds a user's own network. Receives the shape of one sample and the number of outputs.</summary>
public delegate nn.Module<Tensor, Tensor> ModelFactory(int[] sampleShape, int outputs);

/// <summary>Builds the model zoo's networks from an experiment's <c>model</c> section.</summary>
public static class ModelBuilder
{
    /// <summary>Builds and initialises the network described by <paramref name="spec"/>.</summary>
    /// <exception cref="Core.UserInputException">The network would be too deep or too large (see <see cref="ModelSize"/>).</exception>
    public static nn.Module<Tensor, Tensor> Create(ModelSection spec, int[] sampleShape, int outputs)
    {
        ModelSize.Check(spec, sampleShape, outputs);
        nn.Module<Tensor, Tensor> model = spec.Kind switch
        {
            ModelKind.Mlp => MlpNetwork.Create(sampleShape.Aggregate(1, (a, b) => a * b), outputs, spec),
            ModelKind.Cnn => ConvNetwork.Create(sampleShape, outputs, spec),
            ModelKind.ResNet => ResidualNetwork.Create(sampleShape, outputs, spec),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, null),
        };
        WeightInit.Apply(model, spec);
        return model;
    }
}
