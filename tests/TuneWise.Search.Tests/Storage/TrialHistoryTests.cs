using TuneWise.Core.Trials;
using TuneWise.Search.Storage;

namespace TuneWise.Search.Tests.Storage;

public class TrialHistoryTests
{
    private static StoredTrial Trial(int number, TrialState state = TrialState.Complete, double value = 0.5) => new()
    {
        Record = new TrialRecord { Number = number, State = state, Value = value, Parameters = new Dictionary<string, object> { ["x"] = number } },
    };

    [Fact]
    public void A_list_handed_out_stays_as_it_was_while_later_changes_are_taken_in()
    {
        var history = new TrialHistory();
        // More than two blocks of the list, so that a change copies one block and shares the rest.
        var first = history.Apply(Enumerable.Range(0, 2500).Select(n => Trial(n, TrialState.Running)).ToList(), mark: 1);
        Assert.Equal(Enumerable.Range(0, 2500), first.Select(t => t.Record.Number));

        var second = history.Apply([Trial(2500, TrialState.Running), Trial(5), Trial(2047)], mark: 2);

        Assert.Equal(2500, first.Count);
        Assert.All(first, t => Assert.Equal(TrialState.Running, t.Record.State));
        Assert.Equal(2501, second.Count);
        Assert.Equal([5, 2047], second.Where(t => t.Record.State == TrialState.Complete).Select(t => t.Record.Number));
        Assert.Equal(Enumerable.Range(0, 2501), second.Select(t => t.Record.Number));
        Assert.Equal(second.Select(t => t.Record), history.Records);
        Assert.Equal(2, history.Since);
        // Nothing changed: the same list, and the mark moves on.
        Assert.Same(second, history.Apply([], mark: 3));
    }

    [Fact]
    public void The_claims_counts_follow_each_trials_changes_as_a_count_of_every_trial_would()
    {
        var history = new TrialHistory();
        history.Apply([Trial(0), Trial(1, TrialState.Running), Trial(2, TrialState.Failed), Trial(3, TrialState.Waiting)], mark: 1);
        // Trial 1 fails, trial 3 is taken up again, trial 2 appears twice in one read, trial 4 is new.
        history.Apply([Trial(1, TrialState.Failed), Trial(3, TrialState.Running), Trial(2, TrialState.Waiting), Trial(2, TrialState.Pruned), Trial(4, TrialState.Waiting)], mark: 2);

        var claim = history.Claim;
        var counted = ClaimRace.Of(history.Records);
        Assert.Equal((counted.Waiting, counted.Counted), (claim.Waiting, claim.Counted));
        Assert.Equal((1, 4), (claim.Waiting, claim.Counted));
        Assert.Equal(5, claim.NextNumber);
        Assert.False(claim.ShouldPropose(maxTrials: 100));
    }

    [Fact]
    public void A_refused_read_leaves_the_counts_as_they_were()
    {
        var history = new TrialHistory();
        history.Apply([Trial(0), Trial(1, TrialState.Waiting)], mark: 1);
        Assert.Throws<InvalidOperationException>(() => history.Apply([Trial(1), Trial(3)], mark: 2));
        Assert.Equal((1, 2), (history.Claim.Waiting, history.Claim.Counted));
        Assert.Equal(TrialState.Waiting, history.Records[1].State);
    }

    [Fact]
    public void A_trial_whose_number_leaves_a_gap_is_refused()
    {
        var history = new TrialHistory();
        history.Apply([Trial(0), Trial(1)], mark: 1);
        Assert.Throws<InvalidOperationException>(() => history.Apply([Trial(3)], mark: 2));
    }
}
