using Spectre.Console;
using TuneWise.Models.Training;

namespace TuneWise.Cli.Output;

/// <summary>A progress bar per epoch, its description showing the running loss and accuracy.</summary>
internal sealed class EpochProgress : ITrainingObserver
{
    private readonly ProgressContext _progress;
    private ProgressTask? _task;
    private int _stepsPerEpoch, _epochs, _epoch = -1;
    private double _lossSum;
    private int _steps;

    public EpochProgress(ProgressContext progress) => _progress = progress;

    public void OnTrainingStarted(TrainingRun run)
    {
        _stepsPerEpoch = run.StepsPerEpoch;
        _epochs = run.Experiment.Training.Epochs;
    }

    public void OnStepCompleted(StepContext step)
    {
        if (step.Epoch != _epoch)
        {
            _epoch = step.Epoch;
            _lossSum = 0;
            _steps = 0;
            _task = _progress.AddTask($"epoch {_epoch + 1}/{_epochs}", maxValue: _stepsPerEpoch);
        }
        _lossSum += step.DataLoss;
        _steps++;
        _task!.Increment(1);
        if (_steps % 20 == 0) _task.Description = $"epoch {_epoch + 1}/{_epochs}  loss {_lossSum / _steps:F4}";
    }

    public void OnEpochCompleted(EpochMetrics epoch)
    {
        if (_task is null) return;
        var accuracy = epoch.ValidationAccuracy is { } a ? $"  val acc {a:P1}" : "";
        _task.Description = $"epoch {epoch.Epoch + 1}/{_epochs}  loss {epoch.TrainLoss:F4}  val loss {epoch.ValidationLoss:F4}{accuracy}";
        _task.Value = _task.MaxValue;
        _task.StopTask();
    }
}
