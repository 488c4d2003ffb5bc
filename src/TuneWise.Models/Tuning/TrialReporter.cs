using TuneWise.Core.Trials;
using TuneWise.Models.Health;
using TuneWise.Models.Training;

namespace TuneWise.Models.Tuning;

/// <summary>
/// Connects a training run to its study: health verdicts after every judgement of the monitor (each
/// probe, and a non-finite loss at any step; a health pruner may stop the run after that step), the objective after every epoch (a score pruner or the budget may stop
/// it at that epoch boundary), and a little progress for displays.
/// </summary>
internal sealed class TrialReporter(ITrialContext context, HealthMonitor monitor) : ITrainingObserver
{
    // Progress for displays a few times per epoch: a report per step would cost a callback per batch.
    private const int ProgressReportsPerEpoch = 4;
    private TrainingRun? _run;
    private int _evaluationsSeen;

    /// <summary>The decision that stopped the run, if one did.</summary>
    public PruneDecision? Decision { get; private set; }

    public void OnTrainingStarted(TrainingRun run) => _run = run;

    public void OnResumed(int epochsRestored, double? epochsLost) => context.ReportResumed(epochsRestored, epochsLost);

    public void OnStepCompleted(StepContext step)
    {
        if (Decision is null && monitor.Evaluations != _evaluationsSeen)
        {
            _evaluationsSeen = monitor.Evaluations;
            if (context.ReportHealth(step.Step, monitor.Verdicts) is { } decision)
            {
                Decision = decision;
                step.RequestStop(decision.Reason);
            }
        }
        int every = Math.Max(1, _run!.StepsPerEpoch / ProgressReportsPerEpoch);
        if ((step.Step + 1) % every == 0) context.ReportProgress(step.Epoch, step.Step, step.DataLoss);
    }

    public void OnEpochCompleted(EpochMetrics epoch)
    {
        if (Decision is not null) return;
        if (context.ReportEpoch(epoch.Epoch, EpochMetricsNames.ToDictionary(epoch)) is { } decision)
        {
            Decision = decision;
            _run!.StopAfterEpoch(decision.Reason);
        }
    }
}
