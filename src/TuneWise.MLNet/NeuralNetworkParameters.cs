using TuneWise.Core.Health;
using TuneWise.Models.Training;

namespace TuneWise.MLNet;

/// <summary>
/// What a trained network is, beyond its predictions: the exported network, the health verdicts and
/// the training history (ML.NET's <c>model.LastTransformer.Model</c>, as a linear trainer gives its
/// weights there).
/// </summary>
public sealed class NeuralNetworkParameters
{
    private readonly byte[] _onnx;

    internal NeuralNetworkParameters(byte[] onnx, IReadOnlyList<HealthVerdict> health, TrainingResult training)
    {
        _onnx = onnx;
        Health = health;
        Training = training;
    }

    /// <summary>The health verdicts of the preflight checks and of training, worst first, in the options' terms.</summary>
    public IReadOnlyList<HealthVerdict> Health { get; }

    /// <summary>True when neither the preflight nor the health monitor found anything worse than information.</summary>
    public bool IsHealthy => Health.All(v => v.Severity == Severity.Info);

    /// <summary>Per-epoch metrics, steps and timings of the training run.</summary>
    public TrainingResult Training { get; }

    /// <summary>Writes the network, with its input scaling and outputs, as an ONNX model for any ONNX runtime.</summary>
    public void SaveOnnx(string path) => File.WriteAllBytes(path, _onnx);
}
