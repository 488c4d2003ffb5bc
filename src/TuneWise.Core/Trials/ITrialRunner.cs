using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Core.RangeTests;

namespace TuneWise.Core.Trials;

/// <summary>
/// Trains configurations for a tuning job. The job's policy (phases, budgets, sampling, pruning,
/// storage) lives in the search engine and talks to training only through this interface, so it is
/// tested without TorchSharp; the TorchSharp runner and the ML.NET runner implement it.
/// </summary>
public interface ITrialRunner
{
    /// <summary>Checks the data and the base model before any trial. A fatal finding stops the job.</summary>
    IReadOnlyList<HealthVerdict> Preflight(Experiment experiment, CancellationToken cancellation);

    /// <summary>
    /// How many samples each trial is validated on, once the data is loaded; null when unknown.
    /// A report needs it to say how far apart two accuracies must be to differ beyond noise.
    /// </summary>
    int? ValidationSamples => null;

    /// <summary>How many classes a classification has (null for regression or when unknown): an accuracy at 1/classes is chance.</summary>
    int? ClassCount => null;

    /// <summary>Runs a learning-rate range test for the experiment's optimizer; null when this runner has no learning rate.</summary>
    LrRangeTestResult? RangeTest(Experiment experiment, CancellationToken cancellation);

    /// <summary>
    /// Trains one trial. The experiment already holds the trial's parameters and seed. The runner
    /// reports every epoch and every health probe to <paramref name="context"/>, stops at the first
    /// <see cref="PruneDecision"/> it returns, and never throws for a failure inside the trial.
    /// </summary>
    TrialOutcome Run(Experiment trial, ITrialContext context);

    /// <summary>Retrains <paramref name="best"/> on training and validation data together and scores it once on the test split.</summary>
    /// <returns>Test metrics by name, or null when there is no test split.</returns>
    IReadOnlyDictionary<string, double>? RetrainAndTest(Experiment best, CancellationToken cancellation);
}

/// <summary>What a trial runner sees of the study while a trial trains.</summary>
public interface ITrialContext
{
    /// <summary>The trial's number in its study.</summary>
    int Number { get; }
    /// <summary>The trial's sampled parameters by name (already written into the experiment unless the trainer is a custom one).</summary>
    IReadOnlyDictionary<string, object> Parameters { get; }
    /// <summary>Where to save the trained weights if <see cref="KeepModel"/> says so.</summary>
    string? WeightsPath { get; }
    /// <summary>
    /// Where the trial keeps a checkpoint at the end of every epoch (null: none). A trial handed back
    /// (Ctrl+C, a worker killed) resumes from it on whichever worker claims it next.
    /// </summary>
    string? CheckpointFolder => null;
    /// <summary>Set when the job is being stopped (Ctrl+C): end at once, the trial goes back to the queue.</summary>
    CancellationToken Cancellation { get; }
    /// <summary>The learning rate at which the study's range test saw the loss diverge for this trial's optimizer, if it did; no fix may suggest a rate near it.</summary>
    double? LearningRateCeiling => null;

    /// <summary>
    /// Reports the metrics after epoch <paramref name="epoch"/> (0-based). Returns a decision to stop
    /// (a pruner, or the study's budget) or null to go on.
    /// </summary>
    PruneDecision? ReportEpoch(int epoch, IReadOnlyDictionary<string, double> metrics);

    /// <summary>Reports the trial's verdicts after a health probe. Returns a decision to stop (health pruning) or null.</summary>
    PruneDecision? ReportHealth(int step, IReadOnlyList<HealthVerdict> verdicts);

    /// <summary>
    /// Reports that the trial went on from its checkpoint after an interruption: <paramref name="epochsRestored"/>
    /// epochs came back, <paramref name="epochsLost"/> epochs of training were lost (null: not known), for displays and logs.
    /// </summary>
    void ReportResumed(int epochsRestored, double? epochsLost) { }

    /// <summary>Reports progress inside an epoch, for displays (never stops the trial).</summary>
    void ReportProgress(int epoch, int step, double loss);

    /// <summary>True when a model with this final objective value is the best of the study so far and worth saving.</summary>
    bool KeepModel(double value);
}
