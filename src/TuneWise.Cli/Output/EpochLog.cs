using System.Globalization;
using TuneWise.Models.Training;

namespace TuneWise.Cli.Output;

/// <summary>
/// Progress for a pipe or a log file: exactly one plain line per epoch, so two runs of the same
/// experiment write the same lines whatever the speed of the machine.
/// </summary>
internal sealed class EpochLog(TextWriter output) : ITrainingObserver
{
    private int _epochs;

    public void OnTrainingStarted(TrainingRun run) => _epochs = run.Experiment.Training.Epochs;

    public void OnEpochCompleted(EpochMetrics epoch)
    {
        var accuracy = epoch.ValidationAccuracy is { } a ? string.Create(CultureInfo.InvariantCulture, $", val acc {a:P1}") : "";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {epoch.Number}/{_epochs}: train loss {epoch.TrainLoss:F4}, val loss {epoch.ValidationLoss:F4}{accuracy}"));
        output.Flush();
    }
}
