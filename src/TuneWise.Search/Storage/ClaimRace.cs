using TuneWise.Core.Trials;

namespace TuneWise.Search.Storage;

/// <summary>
/// How a claim proposes outside the store's lock. A worker reads the study, proposes for the number
/// it expects (the next one), then claims in a short transaction. When another worker took that
/// number meanwhile, the proposal is made again inside the transaction from the current history:
/// samplers that depend on the trial's number (grid order, the experiment's own configuration as
/// trial 0, seeds) and the constant liar's view of running trials then stay exact, and no trial's
/// parameters are ever decided from a history that misses a claim. Without a race — most claims,
/// since trials last far longer than claims — nothing is proposed under the lock.
/// </summary>
internal static class ClaimRace
{
    /// <summary>The number the next new trial gets, seen from <paramref name="history"/>.</summary>
    public static int NextNumber(IReadOnlyList<TrialRecord> history) => history.Count == 0 ? 0 : history.Max(t => t.Number) + 1;

    /// <summary>False when the claim will hand out a trial given back, or the budget is taken: proposing would be wasted.</summary>
    public static bool ShouldPropose(IReadOnlyList<TrialRecord> history, int maxTrials) =>
        !history.Any(t => t.State == TrialState.Waiting) && history.Count(t => t.CountsTowardsBudget) < maxTrials;
}
