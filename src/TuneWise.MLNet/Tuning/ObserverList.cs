using TuneWise.Core.Experiments;
using TuneWise.Search.Storage;
using TuneWise.Search.Tuning;

namespace TuneWise.MLNet.Tuning;

/// <summary>Passes every observer call on to each of several observers, in order.</summary>
internal sealed class ObserverList(IReadOnlyList<ITuningObserver> observers) : ITuningObserver
{
    public void OnPhase(TuningPhase phase) { foreach (var o in observers) o.OnPhase(phase); }
    public void OnTrialStarted(StoredTrial trial, Experiment configuration) { foreach (var o in observers) o.OnTrialStarted(trial, configuration); }
    public void OnEpoch(int trial, int epoch, IReadOnlyDictionary<string, double> metrics) { foreach (var o in observers) o.OnEpoch(trial, epoch, metrics); }
    public void OnTrialFinished(StoredTrial trial) { foreach (var o in observers) o.OnTrialFinished(trial); }
}
