using System.Text.Json;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Core.RangeTests;
using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;
using TuneWise.Search.Tuning;

namespace TuneWise.Search.Studies;

/// <summary>
/// Reads what a study holds without running or changing anything: where it stands (its trials, the
/// best configuration, the range tests, the retrained best's test score) and what the tuning job
/// recorded about it (<see cref="StudyAttributes"/>). The report, <c>tunewise status</c> and the
/// ML.NET tuning API read a study through it; the tuning job writes what it reads.
/// </summary>
/// <param name="experiment">The study's experiment.</param>
/// <param name="storage">The opened study.</param>
public sealed class StudyReader(Experiment experiment, IStudyStorage storage)
{
    /// <summary>Where the study stands.</summary>
    /// <param name="withHealthSeries">Read every trial's health series too (most of a study's bytes; see <see cref="IStudyStorage.Trials(bool)"/>).</param>
    /// <param name="endedBy">What ended the run this summary closes ("status" when none did).</param>
    /// <param name="elapsed">How long that run took.</param>
    public TuningSummary Summary(bool withHealthSeries = true, string endedBy = "status", TimeSpan elapsed = default)
    {
        var trials = storage.Trials(withHealthSeries);
        var best = trials.Where(t => t.Record.IsUsableObservation).MinBy(t => t.Record.Value);
        var retrain = Attribute<RetrainResult>(storage.Attributes(), StudyAttributes.Retrain);
        return new TuningSummary
        {
            Objective = Objective.For(experiment),
            Trials = trials,
            RangeTests = RangeTests(),
            Best = best,
            BestExperiment = best is null ? null : Configuration(experiment, best),
            Test = retrain is not null && retrain.Trial == best?.Record.Number ? retrain.Metrics : null,
            EndedBy = endedBy,
            Elapsed = elapsed,
        };
    }

    /// <summary>The learning-rate range tests of the study, one per optimizer tested.</summary>
    public IReadOnlyList<LrRangeTestResult> RangeTests() => storage.RangeTests().Values.Select(StoredJson.Read<LrRangeTestResult>).ToList();

    /// <summary>The preflight findings; none when the study has none or they cannot be read.</summary>
    public IReadOnlyList<HealthVerdict> Preflight() => Recorded().Preflight;

    /// <summary>How many samples each trial is validated on, when the trainer said.</summary>
    public int? ValidationSamples() => Recorded().ValidationSamples;

    /// <summary>The number of classes of a classification, when the trainer said.</summary>
    public int? ClassCount() => Recorded().ClassCount;

    /// <summary>What the tuning job recorded about the study besides its trials, from one read of the study's attributes.</summary>
    public JobRecords Recorded()
    {
        var attributes = storage.Attributes();
        return new JobRecords(
            Attribute<List<HealthVerdict>>(attributes, StudyAttributes.Preflight) ?? [],
            Attribute<int?>(attributes, StudyAttributes.ValidationSamples) is > 0 and var n ? n : null,
            Attribute<int?>(attributes, StudyAttributes.ClassCount) is > 1 and var c ? c : null);
    }

    /// <summary>
    /// The configuration of <paramref name="trial"/> as a ready-to-run experiment: the base experiment
    /// with the trial's parameters and training seed (with a custom trainer, the parameters stay with the trial).
    /// </summary>
    public static Experiment Configuration(Experiment experiment, StoredTrial trial)
    {
        var configured = experiment.Search.CustomTrainer ? experiment : TunableParameters.Apply(experiment, trial.Record.Parameters);
        return configured with { Training = configured.Training with { Seed = trial.Seed } };
    }

    // An attribute written by another version or damaged reads as absent: a reader never fails on one.
    private static T? Attribute<T>(IReadOnlyDictionary<string, string> attributes, string name)
    {
        if (!attributes.TryGetValue(name, out var json)) return default;
        try { return StoredJson.Read<T>(json); }
        catch (JsonException) { return default; }
    }
}

/// <summary>The retrained best's test metrics, as the tuning job records them (<see cref="StudyAttributes.Retrain"/>).</summary>
/// <param name="Trial">The trial whose configuration was retrained.</param>
/// <param name="Metrics">Its test metrics by name.</param>
internal sealed record RetrainResult(int Trial, IReadOnlyDictionary<string, double> Metrics);

/// <summary>What a tuning job records about a study besides its trials (see <see cref="StudyAttributes"/>).</summary>
/// <param name="Preflight">The preflight findings; none when there are none or they cannot be read.</param>
/// <param name="ValidationSamples">How many samples each trial is validated on, when the trainer said.</param>
/// <param name="ClassCount">The number of classes of a classification, when the trainer said.</param>
public sealed record JobRecords(IReadOnlyList<HealthVerdict> Preflight, int? ValidationSamples, int? ClassCount);
