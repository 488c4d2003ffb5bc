using System.Text.Json;
using TuneWise.Core.Health;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;

namespace TuneWise.Reports.Studies;

/// <summary>One trial's stored health: its verdicts and the probes taken while it trained.</summary>
/// <param name="Verdicts">What the health monitor found, most serious first.</param>
/// <param name="Samples">The health probes, in step order (empty when none were stored).</param>
public sealed record TrialHealth(IReadOnlyList<HealthVerdict> Verdicts, IReadOnlyList<HealthSample> Samples)
{
    /// <summary>The verdict that stopped the trial, or its most serious one.</summary>
    public HealthVerdict? Worst => Verdicts.FirstOrDefault();

    /// <summary>Parses a stored trial's health. Unreadable JSON reads as no health rather than failing the report.</summary>
    public static TrialHealth Of(StoredTrial trial) => new(
        (trial.HealthVerdicts is { } v ? ReadOrEmpty<List<HealthVerdict>>(v) : [])
            .OrderByDescending(x => x.Severity).ThenBy(x => x.Step).ToList(),
        trial.HealthSeries is { } s ? ReadOrEmpty<List<HealthSample>>(s) : []);

    internal static T ReadOrEmpty<T>(string json) where T : new()
    {
        try { return StoredJson.Read<T>(json); }
        catch (JsonException) { return new T(); }
    }
}
