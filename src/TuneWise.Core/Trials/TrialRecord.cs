using System.Text.Json.Serialization;

namespace TuneWise.Core.Trials;

/// <summary>Where a trial is in its life.</summary>
public enum TrialState
{
    /// <summary>Proposed or re-queued, not started.</summary>
    [JsonStringEnumMemberName("waiting")] Waiting,
    /// <summary>Being trained.</summary>
    [JsonStringEnumMemberName("running")] Running,
    /// <summary>Finished with a final value.</summary>
    [JsonStringEnumMemberName("complete")] Complete,
    /// <summary>Stopped early by a pruner.</summary>
    [JsonStringEnumMemberName("pruned")] Pruned,
    /// <summary>Crashed, or stopped for an unrecoverable health reason.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>One trial of a study as the samplers see it.</summary>
public sealed record TrialRecord
{
    /// <summary>0-based trial number.</summary>
    public required int Number { get; init; }
    /// <summary>Current state.</summary>
    public required TrialState State { get; init; }
    /// <summary>The parameters tried (only the active ones).</summary>
    public required IReadOnlyDictionary<string, object> Parameters { get; init; }
    /// <summary>Final objective value (lower is better), when complete.</summary>
    public double? Value { get; init; }
    /// <summary>True when training was stopped for health reasons (exploding, non-finite, vanishing…).</summary>
    public bool Unhealthy { get; init; }

    /// <summary>True for trials a sampler should steer away from: failed, or stopped as unhealthy.</summary>
    public bool CountsAsFailure => State == TrialState.Failed || Unhealthy;

    /// <summary>True for a complete, healthy trial with a finite value: what model-based samplers learn from.</summary>
    public bool IsUsableObservation => State == TrialState.Complete && InformsSearch;

    /// <summary>
    /// True for a trial the samplers learn from: a usable observation, or a healthy trial a pruner
    /// stopped, with its value at the epoch it was stopped. A pruned trial is never dropped: under
    /// ASHA most trials are pruned, and a sampler that learned from complete trials only would search
    /// at random. Its value at an early epoch is pessimistic for a metric that improves with
    /// training, which is the pruner's judgement too (Optuna ranks pruned trials below complete ones).
    /// </summary>
    public bool InformsSearch => (State is TrialState.Complete or TrialState.Pruned) && Value is { } v && double.IsFinite(v) && !Unhealthy;

    /// <summary>True for trials a study's trial budget counts: ended complete or pruned, or still to end. Failed trials are replaced.</summary>
    public bool CountsTowardsBudget => State is TrialState.Complete or TrialState.Pruned or TrialState.Running or TrialState.Waiting;

    /// <summary>True once the trial has ended, whichever way.</summary>
    public bool IsFinished => State is TrialState.Complete or TrialState.Pruned or TrialState.Failed;
}
