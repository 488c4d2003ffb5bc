using TuneWise.Core.Health;
using TuneWise.Models.Training;
using static TorchSharp.torch;

namespace TuneWise.MLNet;

/// <summary>A network trained by <see cref="NeuralNetworkTrainer"/>, before it is exported and turned into ML.NET transformers.</summary>
/// <param name="Model">The trained TorchSharp network; the caller disposes it once exported.</param>
/// <param name="Verdicts">The preflight findings and the health verdicts of training, worst first.</param>
/// <param name="Result">Epochs, steps and timings of the run.</param>
internal sealed record TrainedNetwork(nn.Module<Tensor, Tensor> Model, IReadOnlyList<HealthVerdict> Verdicts, TrainingResult Result);
