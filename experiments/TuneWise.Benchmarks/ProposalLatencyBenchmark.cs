using System.Diagnostics;
using System.Globalization;
using TuneWise.Search.Samplers;
using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;

namespace TuneWise.Benchmarks;

/// <summary>
/// How long a sampler takes to propose one trial when the study already holds 1,000 completed
/// trials in a 6-dimensional mixed space (categorical, conditional, log, integer). The space and
/// the history are the ones <c>experiments/peers/optuna_samplers.py latency</c> builds for Optuna.
/// </summary>
internal static class ProposalLatencyBenchmark
{
    private const int WarmUpProposals = 10;

    public static string Run(int proposals)
    {
        var lines = new List<string>
        {
            $"1,000 completed trials, 6-dimensional mixed space, {proposals} proposals each after {WarmUpProposals} warm-up proposals:",
            "",
            "| sampler | median ms | target |",
            "|---|---|---|",
        };
        foreach (var (name, sampler, target) in new (string, ISampler, string)[] { ("TPE", new TpeSampler(1), "≤ 50 ms"), ("GP", new GpSampler(1), "≤ 500 ms") })
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {name} | {MedianMilliseconds(sampler, proposals):F1} | {target} |"));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Median ms of one proposal over <paramref name="proposals"/> proposals, after 1,000 trials.</summary>
    public static double MedianMilliseconds(ISampler sampler, int proposals)
    {
        var (space, history) = ThousandTrials();
        var times = new List<double>();
        for (int i = 0; i < WarmUpProposals + proposals; i++)
        {
            var clock = Stopwatch.StartNew();
            sampler.Propose(space, history, history.Count + i);
            // The runtime compiles hot methods in tiers, so the first calls run slower code.
            if (i >= WarmUpProposals) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times.Order().ElementAt(times.Count / 2);
    }

    private static (SearchSpace Space, List<TrialRecord> History) ThousandTrials()
    {
        var space = SearchSpace.Create()
            .Categorical("optimizer", "sgd", "momentum", "adam")
            .Float("learningRate", 1e-5, 1, log: true)
            .Float("weightDecay", 1e-6, 1e-1, log: true)
            .Float("dropout", 0, 0.5)
            .Int("batchSize", 16, 512, log: true)
            .Float("momentum", 0.5, 0.99, when: SearchSpaceBuilder.When("optimizer", "momentum"))
            .Build();
        var random = new RandomSampler(1);
        var history = new List<TrialRecord>();
        for (int i = 0; i < 1000; i++)
        {
            var p = random.Propose(space, history, i);
            double value = Math.Pow(Math.Log10((double)p["learningRate"]) + 2.5, 2) + (double)p["dropout"] + Math.Log2(Convert.ToDouble(p["batchSize"], CultureInfo.InvariantCulture)) * 0.01;
            history.Add(new TrialRecord { Number = i, State = TrialState.Complete, Parameters = p, Value = value });
        }
        return (space, history);
    }
}
