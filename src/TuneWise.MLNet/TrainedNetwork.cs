using TuneWise.Core.Health;
using TuneWise.MLNet.Onnx;
using TuneWise.Models.Training;

namespace TuneWise.MLNet;

/// <summary>A network trained by <see cref="NeuralNetworkTrainer"/>, before it is turned into ML.NET transformers.</summary>
internal sealed class TrainedNetwork(TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> model, IReadOnlyList<HealthVerdict> verdicts, TrainingResult result)
{
    private byte[]? _onnx;

    public IReadOnlyList<HealthVerdict> Verdicts => verdicts;
    public TrainingResult Result => result;

    /// <summary>The network as ONNX (exported once; the TorchSharp model is released after).</summary>
    public byte[] Onnx(NetworkSignature signature)
    {
        if (_onnx is null)
        {
            _onnx = NetworkExport.ToOnnx(model, signature);
            model.Dispose();
        }
        return _onnx;
    }
}
