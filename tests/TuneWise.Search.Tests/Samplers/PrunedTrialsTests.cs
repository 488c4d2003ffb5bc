using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;
using TuneWise.Search.Samplers;

namespace TuneWise.Search.Tests.Samplers;

/// <summary>
/// Under ASHA most trials are pruned: the model-based samplers learn from them (with their value
/// where they stopped) instead of searching at random until enough trials complete.
/// </summary>
public class PrunedTrialsTests
{
    // One complete trial and 19 pruned ones, whose values say the best optimizer is "b" near x = 0.8.
    private static List<TrialRecord> History()
    {
        var rng = new Random(3);
        var history = new List<TrialRecord>
        {
            new() { Number = 0, State = TrialState.Complete, Parameters = new Dictionary<string, object> { ["x"] = 0.1, ["o"] = "a" }, Value = 0.5 },
        };
        for (int n = 1; n < 20; n++)
        {
            double x = rng.NextDouble();
            string o = n % 2 == 0 ? "a" : "b";
            double value = (o == "b" ? 0 : 0.3) + Math.Abs(x - 0.8);
            history.Add(new() { Number = n, State = TrialState.Pruned, Parameters = new Dictionary<string, object> { ["x"] = x, ["o"] = o }, Value = value });
        }
        return history;
    }

    private static readonly SearchSpace Space = new SearchSpaceBuilder().Float("x", 0, 1).Categorical("o", "a", "b").Build();

    [Theory]
    [InlineData("tpe")]
    [InlineData("gp")]
    public void Pruned_trials_steer_the_search(string name)
    {
        var history = History();
        int near = 0;
        for (int seed = 0; seed < 20; seed++)
        {
            ISampler sampler = name == "gp" ? new GpSampler(seed) : new TpeSampler(seed);
            var proposal = sampler.Propose(Space, history, history.Count);
            if (Equals(proposal["o"], "b") && Math.Abs((double)proposal["x"] - 0.8) < 0.2) near++;
        }
        // At random: 0.5 × 0.4 = 20 % of proposals land there. Learning from the pruned trials: most.
        Assert.True(near >= 14, $"{near} of 20 proposals near the best the pruned trials show");
    }
}
