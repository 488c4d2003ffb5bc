using TuneWise.Core.Trials;

namespace TuneWise.Search.Storage;

/// <summary>
/// What a claim decides on before it takes the store's lock. A worker reads the study, proposes for
/// the number it expects (the next one), then claims in a short transaction. When another worker took
/// that number meanwhile, the proposal is made again inside the transaction from the current history:
/// samplers that depend on the trial's number (grid order, the experiment's own configuration as
/// trial 0, seeds) and the constant liar's view of running trials then stay exact, and no trial's
/// parameters are ever decided from a history that misses a claim. Without a race — most claims,
/// since trials last far longer than claims — nothing is proposed under the lock.
/// </summary>
/// <param name="History">What samplers see of every trial, by number.</param>
/// <param name="Waiting">How many trials were given back and wait for a worker.</param>
/// <param name="Counted">How many trials count towards the budget (<see cref="TrialRecord.CountsTowardsBudget"/>).</param>
/// <remarks>
/// The counts are kept by <see cref="TrialHistory"/> as trials change, so a claim at 100,000 trials
/// does not walk them all to decide whether to propose.
/// </remarks>
internal sealed record ClaimRace(IReadOnlyList<TrialRecord> History, int Waiting, int Counted)
{
    /// <summary>The number the next new trial gets: trial numbers are dense (0, 1, 2, …).</summary>
    public int NextNumber => History.Count;

    /// <summary>False when the claim will hand out a trial given back, or the budget is taken: proposing would be wasted.</summary>
    public bool ShouldPropose(int maxTrials) => Waiting == 0 && Counted < maxTrials;

    /// <summary>Counts <paramref name="history"/> trial by trial: for a store that cannot keep the counts as trials change.</summary>
    public static ClaimRace Of(IReadOnlyList<TrialRecord> history)
    {
        int waiting = 0, counted = 0;
        foreach (var trial in history) (waiting, counted) = Tally.Add(trial, waiting, counted, +1);
        return new ClaimRace(history, waiting, counted);
    }
}

/// <summary>How one trial moves a <see cref="ClaimRace"/>'s counts: one home for what counts.</summary>
internal static class Tally
{
    /// <summary>The counts with <paramref name="trial"/> added (<paramref name="sign"/> +1) or taken away (−1).</summary>
    public static (int Waiting, int Counted) Add(TrialRecord trial, int waiting, int counted, int sign) =>
        (waiting + (trial.State == TrialState.Waiting ? sign : 0), counted + (trial.CountsTowardsBudget ? sign : 0));
}
