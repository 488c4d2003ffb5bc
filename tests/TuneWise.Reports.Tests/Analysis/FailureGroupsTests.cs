using TuneWise.Core.Trials;
using TuneWise.Reports.Analysis;
using TuneWise.Reports.Studies;
using TuneWise.Reports.Tests.Studies;

namespace TuneWise.Reports.Tests.Analysis;

public class FailureGroupsTests
{
    [Fact]
    public void Exploding_trials_are_described_by_the_learning_rate_that_sets_them_apart()
    {
        var content = ReportContent.From(SampleStudy.Snapshot());

        var exploding = content.Failures.First();
        Assert.Equal("exploding_gradient", exploding.Verdict);
        Assert.Equal([3, 6, 8], exploding.Trials);
        Assert.Equal("learningRate ≥ 0.3", exploding.Conditions[0].Text);
        Assert.Equal(0, exploding.HealthyAlsoMatching);
        Assert.Equal("all 3 exploding_gradient trials had learningRate ≥ 0.3 (0 of 8 healthy trials did)", exploding.Rule);
        var crashed = content.Failures.Single(g => g.Verdict == "error");
        Assert.Equal([10], crashed.Trials);
    }

    [Fact]
    public void A_second_condition_is_added_when_one_parameter_alone_leaves_healthy_trials_in()
    {
        var trials = new List<SampleTrial>
        {
            new("sgd", 0.5, 16, TrialState.Pruned, [0.1], Verdict: "exploding_gradient"),
            new("sgd", 0.6, 32, TrialState.Pruned, [0.1], Verdict: "exploding_gradient"),
            new("sgd", 0.8, 64, TrialState.Pruned, [0.1], Verdict: "exploding_gradient"),
            // Adam is healthy at the same rates: the rule needs the optimizer as well.
            new("adam", 0.5, 16, TrialState.Complete, [0.8]),
            new("adam", 0.7, 32, TrialState.Complete, [0.8]),
            new("sgd", 0.01, 16, TrialState.Complete, [0.8]),
        };
        var group = ReportContent.From(SampleStudy.Snapshot(trials)).Failures.Single();

        Assert.Equal(0, group.HealthyAlsoMatching);
        Assert.Equal(2, group.Conditions.Count);
        Assert.Contains(group.Conditions, c => c.Text == "optimizer = sgd");
        Assert.Contains(group.Conditions, c => c.Text == "learningRate ≥ 0.5");
    }

    [Fact]
    public void When_no_parameter_sets_the_group_apart_the_rule_says_so()
    {
        var trials = new List<SampleTrial>
        {
            new("sgd", 0.01, 16, TrialState.Pruned, [0.1], Verdict: "exploding_gradient"),
            new("adam", 0.1, 128, TrialState.Pruned, [0.1], Verdict: "exploding_gradient"),
            new("sgd", 0.03, 64, TrialState.Pruned, [0.1], Verdict: "exploding_gradient"),
            new("sgd", 0.05, 32, TrialState.Complete, [0.8]),
            new("adam", 0.02, 64, TrialState.Complete, [0.8]),
        };
        var group = ReportContent.From(SampleStudy.Snapshot(trials)).Failures.Single();

        Assert.Empty(group.Conditions);
        Assert.Equal("all 3 exploding_gradient trials: no parameter sets them apart from the 2 healthy trials", group.Rule);
    }

    [Fact]
    public void Two_trials_are_too_few_for_a_rule_and_the_rule_says_how_many_there_were()
    {
        // Both NaN trials happen to be sgd and the healthy ones adam: with n = 2 that is chance, not a rule.
        var trials = new List<SampleTrial>
        {
            new("sgd", 0.89, 16, TrialState.Pruned, [0.1], Verdict: "non_finite"),
            new("sgd", 1.9, 128, TrialState.Pruned, [0.1], Verdict: "non_finite"),
            new("adam", 0.05, 32, TrialState.Complete, [0.8]),
            new("adam", 0.02, 64, TrialState.Complete, [0.8]),
        };
        var group = ReportContent.From(SampleStudy.Snapshot(trials)).Failures.Single();

        Assert.Empty(group.Conditions);
        Assert.Equal("all 2 non_finite trials: too few (n = 2) to tell which parameters set them apart; a rule needs 3", group.Rule);
    }
}
