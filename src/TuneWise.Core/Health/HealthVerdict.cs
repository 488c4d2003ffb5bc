namespace TuneWise.Core.Health;

/// <summary>
/// One finding about a training run: what is wrong, how badly, since when, where, the numbers that
/// show it, and what to try.
/// </summary>
public sealed record HealthVerdict
{
    /// <summary>The stable code, one of <see cref="VerdictCodes"/>.</summary>
    public required string Code { get; init; }
    /// <summary>How serious it is.</summary>
    public required Severity Severity { get; init; }
    /// <summary>The step at which it was first seen (-1 for preflight findings).</summary>
    public required int Step { get; init; }
    /// <summary>The last step at which it was seen.</summary>
    public int LastStep { get; init; }
    /// <summary>How many probes saw it.</summary>
    public int Occurrences { get; init; } = 1;
    /// <summary>True when it was still present at the last probe.</summary>
    public bool Persists { get; init; }
    /// <summary>Evaluations in a row, up to the last one, in which it was present (0 when it no longer is).</summary>
    public int Streak { get; init; }
    /// <summary>The layers involved (empty when it concerns the whole model or the data).</summary>
    public IReadOnlyList<string> Layers { get; init; } = [];
    /// <summary>The evidence in numbers, by name (e.g. <c>first_to_last_gradient_ratio</c>).</summary>
    public IReadOnlyDictionary<string, double> Evidence { get; init; } = new Dictionary<string, double>();
    /// <summary>A short explanation in words, with the key numbers.</summary>
    public required string Message { get; init; }
    /// <summary>Specific things to try, most promising first.</summary>
    public IReadOnlyList<string> Fixes { get; init; } = [];
}
