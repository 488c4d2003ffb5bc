using TuneWise.Core.Health;

namespace TuneWise.Core.Trials;

/// <summary>How a trial's training ended.</summary>
public enum TrialEnd
{
    /// <summary>Every planned epoch ran.</summary>
    Completed,
    /// <summary>Stopped early by a pruner or the study's budget (see <see cref="TrialOutcome.StoppedBy"/>).</summary>
    Pruned,
    /// <summary>The health monitor stopped training on a fatal verdict, or a fatal preflight finding prevented it.</summary>
    Unhealthy,
    /// <summary>Training threw; <see cref="TrialOutcome.Error"/> says why.</summary>
    Failed,
    /// <summary>The study was cancelled while the trial ran; it is handed back to the queue.</summary>
    Cancelled,
}

/// <summary>What a trial runner reports when a trial's training has ended.</summary>
public sealed record TrialOutcome
{
    /// <summary>How it ended.</summary>
    public required TrialEnd End { get; init; }
    /// <summary>The objective's raw value (e.g. validation accuracy) at the last epoch run, when there was one.</summary>
    public double? Value { get; init; }
    /// <summary>The last epoch's metrics by name (<see cref="Objective.MetricNames"/>).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
    /// <summary>Epochs that ran to the end.</summary>
    public int Epochs { get; init; }
    /// <summary>Optimizer steps taken.</summary>
    public long Steps { get; init; }
    /// <summary>Seconds spent in training steps (not evaluation or setup).</summary>
    public double TrainSeconds { get; init; }
    /// <summary>The pruner or budget decision that stopped it, when <see cref="End"/> is <see cref="TrialEnd.Pruned"/> or <see cref="TrialEnd.Unhealthy"/>.</summary>
    public PruneDecision? StoppedBy { get; init; }
    /// <summary>Health verdicts of the run (preflight and training), merged per code.</summary>
    public IReadOnlyList<HealthVerdict> Verdicts { get; init; } = [];
    /// <summary>The health time series as JSON , when the runner recorded one.</summary>
    public string? HealthSeriesJson { get; init; }
    /// <summary>Why it failed, for <see cref="TrialEnd.Failed"/>.</summary>
    public string? Error { get; init; }
    /// <summary>Where the trial's trained weights were saved, if they were.</summary>
    public string? WeightsPath { get; init; }
}
