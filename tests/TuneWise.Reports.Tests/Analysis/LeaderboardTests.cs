using TuneWise.Reports.Analysis;
using TuneWise.Reports.Tests.Studies;

namespace TuneWise.Reports.Tests.Analysis;

public class LeaderboardTests
{
    [Fact]
    public void Complete_trials_come_first_best_value_first_then_pruned_then_unhealthy_then_failed()
    {
        var rows = Leaderboard.Rank(SampleStudy.Snapshot());

        Assert.Equal(Enumerable.Range(1, 12), rows.Select(r => r.Rank));
        Assert.Equal([1, 9, 0, 11, 2, 4], rows.Take(6).Select(r => r.Number));
        Assert.Equal([0.88, 0.87, 0.86, 0.83, 0.81, 0.74], rows.Take(6).Select(r => r.Value!.Value));
        Assert.Equal([TrialOutcomeKind.Pruned, TrialOutcomeKind.Pruned], rows.Skip(6).Take(2).Select(r => r.Outcome));
        Assert.Equal([5, 7], rows.Skip(6).Take(2).Select(r => r.Number));
        Assert.All(rows.Skip(8).Take(3), r => Assert.Equal((TrialOutcomeKind.Unhealthy, "exploding_gradient", "health"), (r.Outcome, r.Verdict, r.StoppedBy)));
        var failed = rows[^1];
        Assert.Equal((TrialOutcomeKind.Failed, 10, "ExternalException: out of memory"), (failed.Outcome, failed.Number, failed.Reason));
    }

    [Fact]
    public void A_pruned_trial_shows_the_value_it_had_reached_and_its_epochs()
    {
        var row = Leaderboard.Rank(SampleStudy.Snapshot()).Single(r => r.Number == 5);

        Assert.Equal(0.50, row.Value);
        Assert.Equal(2, row.Epochs);
        Assert.Equal("asha", row.StoppedBy);
    }

    [Fact]
    public void Minimised_objectives_rank_the_lowest_value_first()
    {
        var json = SampleStudy.ExperimentJson.Replace("\"budget\"", "\"objective\": { \"metric\": \"validationLoss\" }, \"budget\"");
        var trials = new[]
        {
            new SampleTrial("adam", 0.001, 32, Core.Trials.TrialState.Complete, [-0.9]),
            new SampleTrial("adam", 0.002, 32, Core.Trials.TrialState.Complete, [-0.4]),
        };
        // SampleStudy stores the curve negated as scores; a minimised metric's value is its score: 0.9 and 0.4 here.
        var rows = Leaderboard.Rank(SampleStudy.Snapshot(trials, json));

        Assert.Equal([1, 0], rows.Select(r => r.Number));
        Assert.Equal([0.4, 0.9], rows.Select(r => r.Value!.Value));
    }
}
