using TuneWise.Core.Experiments;
using TuneWise.Search.Storage;
using TuneWise.Search.Tuning;

namespace TuneWise.MLNet.Tuning;

/// <summary>Turns a tuning job's observer calls into progress events.</summary>
internal sealed class ProgressObserver(Action<TuningProgress> progress, TrialSkips skips) : ITuningObserver
{
    public void OnPhase(TuningPhase phase) => progress(new TuningProgress { Event = TuningEvent.Phase, Phase = phase });

    public void OnTrialStarted(StoredTrial trial, Experiment configuration) => progress(new TuningProgress
    {
        Event = TuningEvent.TrialStarted, Trial = trial.Record.Number, Parameters = trial.Record.Parameters, SkipAction = skips.Skip,
    });

    public void OnEpoch(int trial, int epoch, IReadOnlyDictionary<string, double> metrics) => progress(new TuningProgress
    {
        Event = TuningEvent.Epoch, Trial = trial, Epoch = epoch + 1, Metrics = metrics, SkipAction = skips.Skip,
    });

    public void OnTrialFinished(StoredTrial trial) => progress(new TuningProgress { Event = TuningEvent.TrialFinished, Trial = trial.Record.Number, Finished = trial });
}
