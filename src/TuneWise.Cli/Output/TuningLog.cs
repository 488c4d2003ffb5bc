using System.Globalization;
using TuneWise.Core.Experiments;
using TuneWise.Core.RangeTests;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;
using TuneWise.Search.Tuning;

namespace TuneWise.Cli.Output;

/// <summary>
/// A tuning job's progress as plain log lines, one per event, for pipes and log files: written
/// straight to the writer, so lines are never wrapped or cut whatever the terminal width.
/// </summary>
internal sealed class TuningLog(TextWriter writer, Objective objective, int trialBudget, IStudyStorage storage) : ITuningObserver
{
    private readonly object _gate = new();
    private int _finished;

    public void OnPhase(TuningPhase phase) => Line($"phase {phase.ToString().ToLowerInvariant()}");

    public void OnSampler(string description) => Line($"sampler {description}");

    public void OnRangeTest(LrRangeTestResult r, bool reused) =>
        Line($"range test {r.Optimizer}{(reused ? " (stored)" : "")}: recommended {TuningText.Number(r.Recommended)}, " +
             $"search {TuningText.Number(r.Range.Lower)} to {TuningText.Number(r.Range.Upper)}");

    public void OnTrialStarted(StoredTrial trial, Experiment configuration) =>
        Line($"trial {trial.Record.Number} started: {TuningText.Parameters(trial.Record.Parameters)}");

    public void OnTrialResumed(int trial, int epochsRestored, double? epochsLost) =>
        Line($"trial {trial} {TuningText.Resumed(epochsRestored, epochsLost)}");

    public void OnEpoch(int trial, int epoch, IReadOnlyDictionary<string, double> metrics) =>
        Line($"trial {trial} epoch {epoch + 1}: {TuningText.Metrics(metrics)}");

    public void OnTrialFinished(StoredTrial trial)
    {
        _finished++;
        var value = TuningText.ObjectiveValue(objective, trial);
        // The study's best, across every worker and every earlier run of the study, not only this run's trials.
        double? studyBest = storage.Trials(withHealthSeries: false).Where(t => t.Record.IsUsableObservation).Min(t => t.Record.Value);
        // Epochs the trial reported: a health stop's step counts training steps, not epochs.
        var why = trial.Record.State is TrialState.Pruned ? $" after {trial.Intermediate.Count} epoch(s): {TerminalText.Safe(trial.Pruned!.Reason)}"
            : trial.Record.State is TrialState.Failed ? $": {TerminalText.Safe(trial.Error)}" : "";
        var best = studyBest is { } b ? $"; study's best {TuningText.Number(objective.Value(b))}" : "";
        Line($"trial {trial.Record.Number} {TuningText.State(trial)}{(value is null ? "" : $", {objective.Metric} {value}")}{why} " +
             $"[{_finished} finished here, budget {trialBudget}{best}]");
    }

    private void Line(string text)
    {
        lock (_gate)
        {
            writer.WriteLine($"{DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)} {text}");
            writer.Flush();
        }
    }
}
