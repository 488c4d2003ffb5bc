using TuneWise.Core.Experiments;
using TuneWise.Core.RangeTests;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;

namespace TuneWise.Search.Tuning;

/// <summary>Where a study stands after a tuning job: counts, the best configuration and why the sweep ended.</summary>
public sealed record TuningSummary
{
    /// <summary>What the study optimises.</summary>
    public required Objective Objective { get; init; }
    /// <summary>Every trial of the study, by number.</summary>
    public required IReadOnlyList<StoredTrial> Trials { get; init; }
    /// <summary>The range tests the space was built from, by optimizer.</summary>
    public IReadOnlyList<LrRangeTestResult> RangeTests { get; init; } = [];
    /// <summary>The best complete, healthy trial, or null.</summary>
    public StoredTrial? Best { get; init; }
    /// <summary>The best trial's objective value (raw metric, e.g. accuracy).</summary>
    public double? BestValue => Best?.Record.Value is { } score ? Objective.Value(score) : null;
    /// <summary>The best configuration as a ready-to-run experiment.</summary>
    public Experiment? BestExperiment { get; init; }
    /// <summary>Test metrics of the retrained best configuration, when <c>search.retrain</c> asked for them.</summary>
    public IReadOnlyDictionary<string, double>? Test { get; init; }
    /// <summary>Epochs reported by all trials.</summary>
    public int EpochsUsed => Trials.Sum(t => t.Intermediate.Count);
    /// <summary>Why this worker's sweep ended: <c>trials</c>, <c>minutes</c>, <c>epochs</c> or <c>cancelled</c>.</summary>
    public required string EndedBy { get; init; }
    /// <summary>Wall time of this worker's job.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Trials in <paramref name="state"/>.</summary>
    public int Count(TrialState state) => Trials.Count(t => t.Record.State == state);
    /// <summary>Trials stopped as unhealthy.</summary>
    public int Unhealthy => Trials.Count(t => t.Record.Unhealthy);
}
