using TorchSharp;
using TorchSharp.Modules;
using TuneWise.Models.Training;
using static TorchSharp.torch;

namespace TuneWise.Models.Health.Export;

/// <summary>
/// Writes TensorBoard event files through TorchSharp's SummaryWriter: every step the loss terms and
/// learning rate; at the health cadence each layer's gradient norm and histograms of its weights
/// and gradients; every epoch the training and validation curves. Attach it next to a
/// <see cref="HealthMonitor"/>, or alone.
/// </summary>
public sealed class TensorBoardExporter : ITrainingObserver, IDisposable
{
    private readonly SummaryWriter _writer;
    private readonly int _cadence;

    /// <summary>Creates event files in <paramref name="logDirectory"/>.</summary>
    /// <param name="logDirectory">Folder for the event files (created when missing).</param>
    /// <param name="cadence">Steps between histogram and per-layer writes. Default 100.</param>
    public TensorBoardExporter(string logDirectory, int cadence = 100)
    {
        Directory.CreateDirectory(logDirectory);
        _writer = torch.utils.tensorboard.SummaryWriter(logDirectory, createRunName: false);
        _cadence = Math.Max(1, cadence);
        LogDirectory = logDirectory;
    }

    /// <summary>Where the event files are written.</summary>
    public string LogDirectory { get; }

    /// <inheritdoc />
    public void OnGradients(StepContext step)
    {
        _writer.add_scalar("loss/data", step.DataLoss, step.Step);
        if (step.RegularizationLoss > 0) _writer.add_scalar("loss/l2", step.RegularizationLoss, step.Step);
        _writer.add_scalar("learning_rate", (float)step.LearningRate, step.Step);
        if (step.Step % _cadence != 0) return;
        using var scope = NewDisposeScope();
        foreach (var (name, parameter) in Weights(step.Parameters))
        {
            if (parameter.grad is not { } grad) continue;
            _writer.add_scalar($"gradient_norm/{name}", grad.norm().item<float>(), step.Step);
            _writer.add_histogram($"gradients/{name}", grad.detach().cpu(), step.Step);
        }
    }

    /// <inheritdoc />
    public void OnClipped(StepContext step)
    {
        if (step.PreClipGradientNorm is { } norm) _writer.add_scalar("gradient_norm/global_before_clip", (float)norm, step.Step);
    }

    /// <inheritdoc />
    public void OnStepCompleted(StepContext step)
    {
        if (step.Step % _cadence != 0) return;
        using var scope = NewDisposeScope();
        foreach (var (name, parameter) in Weights(step.Parameters))
            _writer.add_histogram($"weights/{name}", parameter.detach().cpu(), step.Step);
    }

    /// <inheritdoc />
    public void OnEpochCompleted(EpochMetrics epoch)
    {
        _writer.add_scalar("epoch/train_loss", (float)epoch.TrainLoss, epoch.Epoch);
        _writer.add_scalar("epoch/validation_loss", (float)epoch.ValidationLoss, epoch.Epoch);
        if (epoch.TrainAccuracy is { } ta) _writer.add_scalar("epoch/train_accuracy", (float)ta, epoch.Epoch);
        if (epoch.ValidationAccuracy is { } va) _writer.add_scalar("epoch/validation_accuracy", (float)va, epoch.Epoch);
    }

    private static IEnumerable<(string Name, Parameter Parameter)> Weights(IReadOnlyList<(string Name, Parameter Parameter)> parameters) =>
        parameters.Where(p => p.Parameter.dim() >= 2).Select(p => (p.Name.Replace(".weight", "", StringComparison.Ordinal), p.Parameter));

    /// <summary>Closes the event files.</summary>
    public void Dispose() => (_writer as IDisposable)?.Dispose();
}
