using TuneWise.Core.Trials;
using TuneWise.Search.Storage;

namespace TuneWise.MLNet.Tuning;

/// <summary>One trial of a tuning run, as a monitor and the result see it.</summary>
public sealed record TrialResult
{
    /// <summary>The trial's number in the study (0-based).</summary>
    public required int Number { get; init; }
    /// <summary>What the trial tried.</summary>
    public required TrialParameters Parameters { get; init; }
    /// <summary>Running, complete, pruned or failed.</summary>
    public required TrialState State { get; init; }
    /// <summary>The metric's value as ML.NET's evaluator reads it (RMSE positive, accuracy in [0, 1]); for a pruned trial its last reported value; null when it has none.</summary>
    public double? Metric { get; init; }
    /// <summary>How long the trial ran, once it ended.</summary>
    public TimeSpan? Duration { get; init; }
    /// <summary>Why it failed.</summary>
    public string? Error { get; init; }
    /// <summary>The pruner that stopped it and why, e.g. <c>asha: …</c> or <c>health: dead_relu</c>.</summary>
    public string? PrunedBy { get; init; }

    /// <summary>The trial as the user reads it: the store keeps scores to minimise, so a maximised metric is turned back to its own sign.</summary>
    internal static TrialResult From(StoredTrial trial, Objective objective) => new()
    {
        Number = trial.Record.Number,
        Parameters = new TrialParameters(trial.Record.Number, trial.Record.Parameters),
        State = trial.Record.State,
        Metric = trial.Record.Value is { } score ? objective.Value(score) : null,
        Duration = trial.Seconds is { } s ? TimeSpan.FromSeconds(s) : null,
        Error = trial.Error,
        PrunedBy = trial.Pruned is { } p ? $"{p.Pruner}: {p.Reason}" : null,
    };
}
