using TuneWise.Core.Health;

namespace TuneWise.Models.Health;

/// <summary>
/// Merges repeated findings into one verdict per code: first and last step, how often, whether it
/// is still present, and for how many evaluations in a row (what pruners use for persistence).
/// </summary>
public sealed class VerdictLog
{
    private readonly Dictionary<string, HealthVerdict> _verdicts = [];
    private readonly Dictionary<string, int> _streak = [];

    /// <summary>The merged verdicts as a chain of causes, root cause first, with fixes that agree (<see cref="VerdictChain"/>).</summary>
    public IReadOnlyList<HealthVerdict> Verdicts => VerdictChain.Reconcile(_verdicts.Values);

    /// <summary>Evaluations in a row, up to now, in which <paramref name="code"/> was found.</summary>
    public int Streak(string code) => _streak.GetValueOrDefault(code);

    /// <summary>Records one evaluation round: <paramref name="findings"/> are what the detectors found now.</summary>
    /// <param name="findings">What the detectors found.</param>
    /// <param name="atProbe">
    /// True for an evaluation after a health probe. Evaluations between probes (after an epoch) merge
    /// their findings but neither extend nor break streaks, which count probes.
    /// </param>
    public void Record(IReadOnlyList<HealthVerdict> findings, bool atProbe = true)
    {
        var seen = findings.Select(f => f.Code).ToHashSet();
        if (atProbe)
            foreach (var code in _verdicts.Keys.ToList())
                if (!seen.Contains(code))
                {
                    _verdicts[code] = _verdicts[code] with { Persists = false, Streak = 0 };
                    _streak[code] = 0;
                }
        foreach (var f in findings)
        {
            if (atProbe || !_streak.ContainsKey(f.Code)) _streak[f.Code] = _streak.GetValueOrDefault(f.Code) + 1;
            _verdicts[f.Code] = _verdicts.TryGetValue(f.Code, out var old)
                ? f with
                {
                    Step = old.Step,
                    LastStep = f.Step,
                    Occurrences = old.Occurrences + 1,
                    Persists = true,
                    Streak = _streak[f.Code],
                    Severity = (Severity)Math.Max((int)old.Severity, (int)f.Severity),
                    Layers = old.Layers.Union(f.Layers).ToList(),
                }
                : f with { Persists = true, Occurrences = 1, Streak = 1 };
        }
    }
}
