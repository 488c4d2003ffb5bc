using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneWise.Models.Training;

/// <summary>
/// One optimizer step as observers see it. Loss values are read from their tensors only when asked
/// for, so observers that do not look at them cost nothing.
/// </summary>
public sealed class StepContext
{
    private float? _dataLoss, _regularizationLoss;

    internal StepContext(TrainingRun run) => Run = run;

    /// <summary>The run this step belongs to.</summary>
    public TrainingRun Run { get; }
    /// <summary>0-based global step.</summary>
    public int Step { get; internal set; }
    /// <summary>0-based epoch.</summary>
    public int Epoch { get; internal set; }
    /// <summary>Learning rate used by this step.</summary>
    public double LearningRate { get; internal set; }
    /// <summary>The batch's inputs.</summary>
    public Tensor Inputs { get; internal set; } = null!;
    /// <summary>The batch's targets.</summary>
    public Tensor Targets { get; internal set; } = null!;
    /// <summary>The data loss tensor (cross-entropy or MSE).</summary>
    public Tensor DataLossTensor { get; internal set; } = null!;
    /// <summary>The <c>l2</c> penalty tensor, or null when <c>l2</c> is 0.</summary>
    public Tensor? RegularizationLossTensor { get; internal set; }
    /// <summary>Global gradient L2 norm before clipping; known after <see cref="ITrainingObserver.OnClipped"/> when clipping is on, else null.</summary>
    public double? PreClipGradientNorm { get; internal set; }
    /// <summary>True when clipping changed the gradients of this step.</summary>
    public bool Clipped { get; internal set; }
    /// <summary>The data loss value.</summary>
    public float DataLoss => _dataLoss ??= DataLossTensor.item<float>();
    /// <summary>The <c>l2</c> penalty value (0 when off).</summary>
    public float RegularizationLoss => _regularizationLoss ??= RegularizationLossTensor?.item<float>() ?? 0f;
    /// <summary>Data loss plus penalty.</summary>
    public float TotalLoss => DataLoss + RegularizationLoss;
    /// <summary>The model.</summary>
    public nn.Module<Tensor, Tensor> Model => Run.Model;
    /// <summary>The optimizer.</summary>
    public optim.Optimizer Optimizer => Run.Optimizer;
    /// <summary>Named parameters; their <c>grad</c> holds this step's gradients.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters => Run.Parameters;

    /// <summary>Set by an observer to stop training after this step.</summary>
    public string? StopRequest { get; private set; }

    /// <summary>Asks the trainer to stop after this step, giving the reason (e.g. an early-stopping verdict).</summary>
    public void RequestStop(string reason) => StopRequest ??= reason;

    internal void Reset(int step, int epoch, double lr, Tensor x, Tensor y, Tensor dataLoss, Tensor? l2)
    {
        Step = step;
        Epoch = epoch;
        LearningRate = lr;
        Inputs = x;
        Targets = y;
        DataLossTensor = dataLoss;
        RegularizationLossTensor = l2;
        PreClipGradientNorm = null;
        Clipped = false;
        _dataLoss = null;
        _regularizationLoss = null;
    }

    internal void SetKnownLosses(float data, float regularization)
    {
        _dataLoss = data;
        _regularizationLoss = regularization;
    }
}
