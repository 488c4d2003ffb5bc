using TorchSharp;
using TorchSharp.Modules;
using TuneWise.Core.Experiments;
using static TorchSharp.torch;

namespace TuneWise.Models.Training;

/// <summary>What an observer learns when training starts: the model, the optimizer and the plan.</summary>
public sealed class TrainingRun
{
    internal TrainingRun(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, IReadOnlyList<(string Name, Parameter Parameter)> parameters,
        Experiment experiment, int stepsPerEpoch, int trainCount, int classCount)
    {
        ClassCount = classCount;
        Model = model;
        Optimizer = optimizer;
        Parameters = parameters;
        Experiment = experiment;
        StepsPerEpoch = stepsPerEpoch;
        TrainCount = trainCount;
    }

    /// <summary>The network being trained.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }
    /// <summary>The optimizer.</summary>
    public optim.Optimizer Optimizer { get; }
    /// <summary>Trainable parameters with their names (e.g. <c>fc1.weight</c>), in model order.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }
    /// <summary>The experiment being run.</summary>
    public Experiment Experiment { get; }
    /// <summary>Optimizer steps per epoch.</summary>
    public int StepsPerEpoch { get; }
    /// <summary>Training samples.</summary>
    public int TrainCount { get; }
    /// <summary>Number of classes (0 for regression).</summary>
    public int ClassCount { get; }
    /// <summary>Total planned steps.</summary>
    public int TotalSteps => StepsPerEpoch * Experiment.Training.Epochs;

    /// <summary>Why an observer asked to stop after the current epoch, or null.</summary>
    public string? EpochStopRequest { get; private set; }

    /// <summary>
    /// Asks the trainer to stop once the current epoch has been evaluated (e.g. a pruner's decision or
    /// a study's budget); the first reason given is kept. To stop after the current step instead, use
    /// <see cref="StepContext.RequestStop"/>.
    /// </summary>
    public void StopAfterEpoch(string reason) => EpochStopRequest ??= reason;
}
