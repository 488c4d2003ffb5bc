using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary>Builds verdicts for the step being judged.</summary>
internal static class Verdict
{
    public static HealthVerdict Of(string code, Severity severity, HealthContext context, string message, IEnumerable<string> fixes,
        IEnumerable<string>? layers = null, IReadOnlyDictionary<string, double>? evidence = null) => new()
    {
        Code = code,
        Severity = severity,
        Step = context.Step,
        LastStep = context.Step,
        Message = message,
        Fixes = fixes.Where(f => !string.IsNullOrEmpty(f)).ToList(),
        Layers = layers?.ToList() ?? [],
        Evidence = evidence ?? new Dictionary<string, double>(),
    };

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
