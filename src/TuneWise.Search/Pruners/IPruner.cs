using TuneWise.Core.Health;
using TuneWise.Core.Trials;

namespace TuneWise.Search.Pruners;

/// <summary>A trial's progress as pruners see it.</summary>
public sealed record TrialProgress
{
    /// <summary>The trial's number.</summary>
    public required int Number { get; init; }
    /// <summary>Reported intermediate values (lower is better) by step (e.g. epoch).</summary>
    public IReadOnlyDictionary<int, double> Intermediate { get; init; } = new Dictionary<int, double>();
    /// <summary>Health verdicts so far, merged per code.</summary>
    public IReadOnlyList<HealthVerdict> Verdicts { get; init; } = [];
    /// <summary>
    /// True when the trial ran every epoch (complete): the percentile pruner compares only with these,
    /// as Optuna's median pruner does. Trials stopped early are left out of its reference, because
    /// counting them lifts the median of bad values and the pruner then prunes less.
    /// </summary>
    public bool Complete { get; init; }

    /// <summary>The latest reported step, or −1.</summary>
    public int LastStep => Intermediate.Count == 0 ? -1 : Intermediate.Keys.Max();
}

/// <summary>Answers "stop this trial now?" from its reported values and health, and the other trials'.</summary>
public interface IPruner
{
    /// <summary>A decision to prune, or null to let the trial go on.</summary>
    /// <param name="trial">The trial being judged, after a report at <see cref="TrialProgress.LastStep"/>.</param>
    /// <param name="study">Every other trial of the study.</param>
    PruneDecision? Check(TrialProgress trial, IReadOnlyList<TrialProgress> study);
}
