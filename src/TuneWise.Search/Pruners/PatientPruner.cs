using TuneWise.Core.Trials;
namespace TuneWise.Search.Pruners;

/// <summary>
/// Wraps another pruner with patience (Optuna's PatientPruner): a trial is pruned only when the
/// wrapped pruner says so and the trial has not improved its best value for <c>patience</c> steps.
/// </summary>
public sealed class PatientPruner(IPruner inner, int patience, double minDelta = 0) : IPruner
{
    /// <inheritdoc />
    public PruneDecision? Check(TrialProgress trial, IReadOnlyList<TrialProgress> study)
    {
        var steps = trial.Intermediate.Keys.Order().ToList();
        if (steps.Count <= patience) return null;
        double before = steps.Take(steps.Count - patience).Min(s => trial.Intermediate[s]);
        double recent = steps.Skip(steps.Count - patience).Min(s => trial.Intermediate[s]);
        if (recent < before - minDelta) return null; // still improving
        return inner.Check(trial, study) is { } d ? d with { Reason = d.Reason + $"; no improvement for {patience} steps" } : null;
    }
}

/// <summary>Several pruners together: the first one that says prune decides. Health first, then the rest, is the usual order.</summary>
public sealed class CompositePruner(params IPruner[] pruners) : IPruner
{
    /// <inheritdoc />
    public PruneDecision? Check(TrialProgress trial, IReadOnlyList<TrialProgress> study) =>
        pruners.Select(p => p.Check(trial, study)).FirstOrDefault(d => d is not null);
}
