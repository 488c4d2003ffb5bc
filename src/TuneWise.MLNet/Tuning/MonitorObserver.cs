using TuneWise.Core.Experiments;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;
using TuneWise.Search.Tuning;

namespace TuneWise.MLNet.Tuning;

/// <summary>Turns a tuning job's observer calls into a monitor's reports, tracking the best complete trial of the study (earlier runs included).</summary>
internal sealed class MonitorObserver(ITuningMonitor monitor, Objective objective, IEnumerable<StoredTrial> earlier) : ITuningObserver
{
    private readonly object _gate = new();
    // The store keeps scores to minimise (a maximised metric negated): the lowest is the best.
    private double? _bestScore = earlier.Where(t => t.Record.IsUsableObservation).Select(t => t.Record.Value).Min();

    public void OnTrialStarted(StoredTrial trial, Experiment configuration) =>
        monitor.ReportRunningTrial(TrialResult.From(trial, objective) with { State = TrialState.Running });

    public void OnTrialFinished(StoredTrial trial)
    {
        var result = TrialResult.From(trial, objective);
        switch (trial.Record.State)
        {
            case TrialState.Complete: monitor.ReportCompletedTrial(result); break;
            case TrialState.Pruned: monitor.ReportPrunedTrial(result); break;
            case TrialState.Failed: monitor.ReportFailedTrial(result); break;
        }
        if (!trial.Record.IsUsableObservation) return;
        double score = trial.Record.Value!.Value;
        lock (_gate)
        {
            if (_bestScore is { } best && score >= best) return;
            _bestScore = score;
        }
        monitor.ReportBestTrial(result);
    }
}
