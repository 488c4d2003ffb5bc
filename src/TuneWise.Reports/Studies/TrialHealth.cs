using System.Text.Json;
using TuneWise.Core.Health;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;

namespace TuneWise.Reports.Studies;

/// <summary>One trial's stored health: its verdicts and the probes taken while it trained.</summary>
internal sealed class TrialHealth
{
    private readonly Lazy<HealthSeries> _series;

    /// <summary>Health of known verdicts and probes.</summary>
    public TrialHealth(IReadOnlyList<HealthVerdict> verdicts, IReadOnlyList<HealthSample> samples, IReadOnlyList<StepHealth>? lastSteps = null)
        : this(verdicts, new Lazy<HealthSeries>(new HealthSeries { Probes = samples, LastSteps = lastSteps ?? [] })) { }

    private TrialHealth(IReadOnlyList<HealthVerdict> verdicts, Lazy<HealthSeries> series) =>
        (Verdicts, _series) = (verdicts, series);

    /// <summary>What the health monitor found, as a chain of causes: the root cause first, fixes that agree (<see cref="VerdictChain"/>).</summary>
    public IReadOnlyList<HealthVerdict> Verdicts { get; }

    /// <summary>The health probes, in step order (empty when none were stored).</summary>
    public IReadOnlyList<HealthSample> Samples => _series.Value.Probes;

    /// <summary>The losses of the last steps of a trial with a warning or a fatal verdict (empty otherwise, and in older studies).</summary>
    public IReadOnlyList<StepHealth> LastSteps => _series.Value.LastSteps;

    /// <summary>The root cause of the trial's trouble: the first link of its chain of verdicts.</summary>
    public HealthVerdict? Root => Verdicts.FirstOrDefault();

    /// <summary>
    /// Parses a stored trial's health. Unreadable JSON reads as no health rather than failing the
    /// report. The probe series is parsed only when a trial section draws it: a report draws a few of
    /// a study's trials, and the series are most of what a study stores.
    /// </summary>
    public static TrialHealth Of(StoredTrial trial) => Of(trial, () => trial.HealthSeries);

    /// <summary>
    /// A stored trial's health whose probe series is fetched by <paramref name="series"/> when first
    /// drawn (the store must stay open until then).
    /// </summary>
    public static TrialHealth Of(StoredTrial trial, Func<string?> series) => new(
        VerdictChain.Reconcile(trial.HealthVerdicts is { } v ? ReadOrEmpty<List<HealthVerdict>>(v) : []),
        new Lazy<HealthSeries>(() => series() is { } s ? ReadSeries(s) : new HealthSeries()));

    private static HealthSeries ReadSeries(string json)
    {
        try { return HealthSeries.Read(json); }
        catch (JsonException) { return new HealthSeries(); }
    }

    internal static T ReadOrEmpty<T>(string json) where T : new()
    {
        try { return StoredJson.Read<T>(json); }
        catch (JsonException) { return new T(); }
    }
}
