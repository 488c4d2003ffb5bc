using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;

namespace TuneWise.Search.Samplers;

/// <summary>
/// The estimated probability that a configuration trains healthily, P(healthy | x) =
/// n_h·h(x) / (n_h·h(x) + n_f·f(x)), with Parzen densities h of the healthy (complete) trials and f
/// of the failed or unhealthy ones. Samplers add its logarithm to their acquisition so the search
/// keeps clear of regions where training breaks.
/// </summary>
internal sealed class HealthyProbability
{
    private readonly ParzenEstimator? _healthy, _failed;
    private readonly double _logHealthyCount, _logFailedCount;

    public HealthyProbability(SearchSpace space, IReadOnlyList<TrialRecord> history, IReadOnlyCollection<TrialRecord> healthy)
    {
        var failed = history.Where(t => t.CountsAsFailure).Select(t => t.Parameters).ToList();
        if (failed.Count == 0 || healthy.Count == 0) return;
        _healthy = new ParzenEstimator(space, healthy.Select(t => t.Parameters));
        _failed = new ParzenEstimator(space, failed);
        _logHealthyCount = Math.Log(healthy.Count);
        _logFailedCount = Math.Log(failed.Count);
    }

    /// <summary>log P(healthy | x); 0 when no trial has failed.</summary>
    public double Log(IReadOnlyDictionary<string, object> candidate)
    {
        if (_healthy is null || _failed is null) return 0;
        double a = _healthy.LogDensity(candidate) + _logHealthyCount, b = _failed.LogDensity(candidate) + _logFailedCount;
        double max = Math.Max(a, b);
        return a - (max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max)));
    }
}
