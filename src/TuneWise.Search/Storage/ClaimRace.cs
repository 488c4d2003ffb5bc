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
    public static int NextNumber(IReadOnlyList<TrialRecord> history)
    {
        // A loop by index: at 100,000 trials an enumerator's calls are most of a claim's time.
        int next = 0;
        for (int i = 0; i < history.Count; i++) next = Math.Max(next, history[i].Number + 1);
        return next;
    }

    /// <summary>False when the claim will hand out a trial given back, or the budget is taken: proposing would be wasted.</summary>
    public static bool ShouldPropose(IReadOnlyList<TrialRecord> history, int maxTrials)
    {
        int counted = 0;
        for (int i = 0; i < history.Count; i++)
        {
            if (history[i].State == TrialState.Waiting) return false;
            if (history[i].CountsTowardsBudget) counted++;
        }
        return counted < maxTrials;
    }
}
