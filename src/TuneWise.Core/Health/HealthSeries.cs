using System.Text.Json;
using TuneWise.Core.Trials;

namespace TuneWise.Core.Health;

/// <summary>
/// What a trial stores of its health besides the verdicts: the probes, and for a trial with a warning
/// or a fatal verdict the losses of its last steps, so a trial that died between two probes still shows what
/// happened around its failure.
/// </summary>
public sealed record HealthSeries
{
    /// <summary>Steps kept before the end of an unhealthy trial: a few probe intervals, a few kilobytes.</summary>
    public const int StepsKept = 256;

    /// <summary>The health probes, in step order.</summary>
    public IReadOnlyList<HealthSample> Probes { get; init; } = [];

    /// <summary>The last steps of a trial with a warning or a fatal verdict (at most <see cref="StepsKept"/>); empty otherwise.</summary>
    public IReadOnlyList<StepHealth> LastSteps { get; init; } = [];

    /// <summary>The stored form.</summary>
    public string ToJson() => StoredJson.Write(this);

    /// <summary>
    /// Reads a stored series: this record, or the bare array of probes that studies stored before the
    /// last steps were kept. Throws <see cref="JsonException"/> on malformed text.
    /// </summary>
    public static HealthSeries Read(string json) =>
        json.AsSpan().TrimStart().StartsWith("[")
            ? new HealthSeries { Probes = StoredJson.Read<List<HealthSample>>(json) }
            : StoredJson.Read<HealthSeries>(json);
}
