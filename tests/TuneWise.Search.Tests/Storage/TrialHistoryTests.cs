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
    public void A_trial_whose_number_leaves_a_gap_is_refused()
    {
        var history = new TrialHistory();
        history.Apply([Trial(0), Trial(1)], mark: 1);
        Assert.Throws<InvalidOperationException>(() => history.Apply([Trial(3)], mark: 2));
    }
}
