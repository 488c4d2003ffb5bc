using TuneWise.Reports.Analysis;

namespace TuneWise.Reports.Studies;

/// <summary>A study snapshot with what the report derives from it, computed once for every section.</summary>
internal sealed record ReportContent
{
    /// <summary>The study as read.</summary>
    public required StudySnapshot Snapshot { get; init; }
    /// <summary>Every trial, best first.</summary>
    public required IReadOnlyList<TrialRow> Ranked { get; init; }
    /// <summary>The trials the charts of the whole search draw: all of them, or a sample past a few thousand.</summary>
    public required ChartSample Drawn { get; init; }
    /// <summary>The axis of every parameter tried.</summary>
    public required IReadOnlyList<ParameterAxis> Axes { get; init; }
    /// <summary>Parameter importances, or null when too few trials completed.</summary>
    public IReadOnlyList<Importance>? Importance { get; init; }
    /// <summary>Unhealthy and failed trials grouped by verdict, with the rule that describes each group.</summary>
    public required IReadOnlyList<FailureGroup> Failures { get; init; }
    /// <summary>Where to search next.</summary>
    public required IReadOnlyList<SuggestedRange> NextRanges { get; init; }
    /// <summary>The complete trials within noise of the best, the best included (<see cref="Noise"/>).</summary>
    public required IReadOnlySet<int> TiedWithBest { get; init; }

    /// <summary>The best complete trial, or null when none has completed.</summary>
    public TrialRow? Best => Ranked.FirstOrDefault(r => r.Outcome == TrialOutcomeKind.Complete);

    /// <summary>The standard error of a trial's value, or null when it cannot be known.</summary>
    public double? StandardError(TrialRow row) => Noise.StandardError(Snapshot.Objective, row.Value, Snapshot.ValidationSamples);

    /// <summary>A trial's value with its standard error when known, e.g. <c>0.873 ± 0.011</c>.</summary>
    public string ValueWithError(TrialRow row) =>
        Formats.Number(row.Value) + (StandardError(row) is { } se ? $" ± {Formats.Error(se)}" : "");

    /// <summary>Derives the report's content from a snapshot.</summary>
    public static ReportContent From(StudySnapshot snapshot)
    {
        var ranked = Leaderboard.Rank(snapshot);
        var axes = ParameterAxis.Of(snapshot);
        return new ReportContent
        {
            Snapshot = snapshot,
            Ranked = ranked,
            Drawn = ChartSample.Of(ranked),
            Axes = axes,
            Importance = ParameterImportance.Of(snapshot, axes),
            Failures = FailureGroups.Of(ranked, axes),
            NextRanges = NextSearchRange.Of(ranked, axes),
            TiedWithBest = Noise.TiedWithBest(ranked, snapshot.Objective, snapshot.ValidationSamples),
        };
    }
}
