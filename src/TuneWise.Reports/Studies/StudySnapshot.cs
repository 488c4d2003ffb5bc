using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;
using TuneWise.Search.Tuning;
using TuneWise.Search.Studies;

namespace TuneWise.Reports.Studies;

/// <summary>
/// Everything a report shows, read once from a study store: the experiment, its trials, range
/// tests, preflight findings and the retrained best's test score. Reading needs no TorchSharp, so
/// a study trained on one machine is reported on any other.
/// </summary>
internal sealed record StudySnapshot
{
    /// <summary>The study's experiment as stored.</summary>
    public required Experiment Experiment { get; init; }
    /// <summary>Where the study stands: trials, best, range tests, test score.</summary>
    public required TuningSummary Summary { get; init; }
    /// <summary>The data and model checks made before the first trial.</summary>
    public IReadOnlyList<HealthVerdict> Preflight { get; init; } = [];
    /// <summary>The space the sweep searched, when it can be rebuilt (every range test it needs is stored).</summary>
    public SearchSpace? Space { get; init; }
    /// <summary>Each trial's health, parsed from the store.</summary>
    public required IReadOnlyDictionary<int, TrialHealth> Health { get; init; }
    /// <summary>How many samples each trial was validated on; null when the study did not record it.</summary>
    public int? ValidationSamples { get; init; }
    /// <summary>How many classes the data has; null for regression or when the study did not record it.</summary>
    public int? ClassCount { get; init; }
    /// <summary>When the snapshot was taken.</summary>
    public DateTimeOffset TakenAt { get; init; }

    /// <summary>What the study optimises.</summary>
    public Objective Objective => Summary.Objective;
    /// <summary>Every trial by number.</summary>
    public IReadOnlyList<StoredTrial> Trials => Summary.Trials;

    /// <summary>Reads the study bound to <paramref name="storage"/>.</summary>
    /// <param name="storage">An opened study store.</param>
    /// <param name="experiment">The study's experiment.</param>
    /// <param name="clock">Supplies the snapshot time; the system clock when null.</param>
    /// <param name="seriesWhenDrawn">
    /// Read each trial's health series only when a chart draws it, from <paramref name="storage"/>,
    /// which must then stay open until the report is drawn; otherwise every series is read now.
    /// </param>
    public static StudySnapshot Read(IStudyStorage storage, Experiment experiment, TimeProvider? clock = null, bool seriesWhenDrawn = false)
    {
        var reader = new StudyReader(experiment, storage);
        var summary = reader.Summary(withHealthSeries: !seriesWhenDrawn);
        var recorded = reader.Recorded();
        return new StudySnapshot
        {
            Experiment = experiment,
            Summary = summary,
            Preflight = recorded.Preflight,
            Space = SpaceOf(experiment, summary),
            Health = summary.Trials.ToDictionary(t => t.Record.Number,
                t => seriesWhenDrawn ? TrialHealth.Of(t, () => storage.HealthSeries(t.Record.Number)) : TrialHealth.Of(t)),
            ValidationSamples = recorded.ValidationSamples,
            ClassCount = recorded.ClassCount,
            TakenAt = (clock ?? TimeProvider.System).GetUtcNow(),
        };
    }

    private static SearchSpace? SpaceOf(Experiment experiment, TuningSummary summary)
    {
        try
        {
            return TunedSpace.Build(experiment, summary.RangeTests.ToDictionary(r => r.Optimizer));
        }
        catch (Exception e) when (e is InvalidOperationException or SearchSpaceException)
        {
            // A study stopped before its range tests has no full space yet; charts then use the values tried.
            return null;
        }
    }
}
