using TuneWise.Core.Trials;
namespace TuneWise.Search.Pruners;

/// <summary>
/// Stops a trial whose best value so far is worse than the given percentile of the complete
/// trials' values at the same step (the median pruner at 50), as Optuna's does: trials pruned early
/// are not part of the reference. Guards: no pruning before <c>startupTrials</c> trials have
/// completed (default 5, Optuna) or before <c>warmupSteps</c>.
/// </summary>
/// <param name="percentile">The percentile a trial must beat.</param>
/// <param name="startupTrials">Complete trials needed before any pruning.</param>
/// <param name="warmupSteps">Steps before which no trial is pruned.</param>
/// <param name="objective">Words the reason in the metric the user reads (accuracy, not its negated score); null words it in scores.</param>
public sealed class PercentilePruner(double percentile = 50, int startupTrials = 5, int warmupSteps = 0, Objective? objective = null) : IPruner
{
    /// <summary>The median pruner (Optuna's defaults).</summary>
    public static PercentilePruner Median(int startupTrials = 5, int warmupSteps = 0) => new(50, startupTrials, warmupSteps);

    /// <inheritdoc />
    public PruneDecision? Check(TrialProgress trial, IReadOnlyList<TrialProgress> study)
    {
        int step = trial.LastStep;
        if (step < warmupSteps || step < 0) return null;
        var finished = study.Where(t => t.Complete && t.Number != trial.Number).ToList();
        if (finished.Count < startupTrials) return null;
        var reference = finished.Where(t => t.Intermediate.ContainsKey(step)).Select(t => t.Intermediate[step]).Order().ToList();
        if (reference.Count == 0) return null;
        double threshold = Percentile(reference, percentile);
        double best = trial.Intermediate.Where(kv => kv.Key <= step).Min(kv => kv.Value);
        if (!(best > threshold)) return null;
        string name = percentile == 50 ? "median" : $"percentile {percentile:G3}";
        var words = PruneWording.Of(objective);
        return new PruneDecision(name,
            $"best {words.Metric} {words.Value(best)} by epoch {step + 1} is worse than the {name} {words.Value(threshold)} of {reference.Count} complete trials at that epoch", step);
    }

    private static double Percentile(List<double> sorted, double p)
    {
        double rank = p / 100 * (sorted.Count - 1);
        int lo = (int)Math.Floor(rank), hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
