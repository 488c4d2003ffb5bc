using TuneWise.Core.Trials;
using TuneWise.Reports.Analysis;
using TuneWise.Reports.Tests.Studies;

namespace TuneWise.Reports.Tests.Analysis;

public class ParameterImportanceTests
{
    [Fact]
    public void The_parameter_the_objective_depends_on_gets_most_of_the_importance()
    {
        // Accuracy peaks at a learning rate of 1e-2 and does not depend on the batch size or the optimizer.
        var random = new Random(7);
        var trials = Enumerable.Range(0, 30).Select(_ =>
        {
            double lr = Math.Pow(10, -4 + 4 * random.NextDouble());
            double accuracy = 0.9 - 0.1 * Math.Pow(Math.Log10(lr) + 2, 2);
            return new SampleTrial(random.Next(2) == 0 ? "sgd" : "adam", lr, 16L << random.Next(4), TrialState.Complete, [accuracy]);
        }).ToList();
        var snapshot = SampleStudy.Snapshot(trials);

        var importance = ParameterImportance.Of(snapshot, ParameterAxis.Of(snapshot))!;

        Assert.Equal("learningRate", importance[0].Parameter);
        Assert.True(importance[0].Share > 0.8, $"learningRate share {importance[0].Share}");
        Assert.Equal(1, importance.Sum(i => i.Share), 6);
    }

    [Fact]
    public void A_choice_that_sets_the_objective_is_found_and_the_noise_parameters_get_little()
    {
        // Adam scores 0.85, SGD 0.70, whatever the rate and the batch; a little noise on top.
        var random = new Random(11);
        var trials = Enumerable.Range(0, 40).Select(i =>
        {
            string optimizer = i % 2 == 0 ? "adam" : "sgd";
            double accuracy = (optimizer == "adam" ? 0.85 : 0.70) + 0.01 * (random.NextDouble() - 0.5);
            return new SampleTrial(optimizer, Math.Pow(10, -4 + 4 * random.NextDouble()), 16L << random.Next(4), TrialState.Complete, [accuracy]);
        }).ToList();
        var snapshot = SampleStudy.Snapshot(trials);

        var importance = ParameterImportance.Of(snapshot, ParameterAxis.Of(snapshot))!;

        Assert.Equal("optimizer", importance[0].Parameter);
        Assert.True(importance[0].Share > 0.9, $"optimizer share {importance[0].Share}");
        Assert.All(importance.Skip(1), i => Assert.True(i.Share < 0.05, $"{i.Parameter} share {i.Share}"));
        Assert.All(importance, i => Assert.Equal(40, i.Trials));
    }

    [Fact]
    public void Too_few_complete_trials_give_no_importance()
    {
        var snapshot = SampleStudy.Snapshot(SampleStudy.Mixed.Where(t => t.State == TrialState.Complete).Take(ParameterImportance.MinimumTrials - 1));

        Assert.Null(ParameterImportance.Of(snapshot, ParameterAxis.Of(snapshot)));
    }
}
