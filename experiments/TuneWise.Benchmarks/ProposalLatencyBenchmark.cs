using System.Diagnostics;
using System.Globalization;
using TuneWise.Search.Samplers;
using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;

namespace TuneWise.Benchmarks;

/// <summary>
/// How long a sampler takes to propose one trial when the study already holds 1,000 completed
/// trials in a 6-dimensional mixed space (categorical, conditional, log, integer).
/// </summary>
internal static class ProposalLatencyBenchmark
{
    public static string Run(int proposals)
    {
        var space = SearchSpace.Create()
            .Categorical("optimizer", "sgd", "momentum", "adam")
            .Float("learningRate", 1e-5, 1, log: true)
            .Float("weightDecay", 1e-6, 1e-1, log: true)
            .Float("dropout", 0, 0.5)
            .PowerOfTwo("batchSize", 16, 512)
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
        var lines = new List<string>
        {
            $"1,000 completed trials, 6-dimensional mixed space, {proposals} proposals each after 10 warm-up proposals:",
            "",
            "| sampler | median ms | max ms | target |",
            "|---|---|---|---|",
        };
        foreach (var (name, sampler, target) in new (string, ISampler, string)[] { ("TPE", new TpeSampler(1), "≤ 50 ms"), ("GP", new GpSampler(1), "≤ 500 ms") })
        {
            // Warm-up: the runtime compiles hot methods in tiers, so the first calls run slower code.
            for (int w = 0; w < 10; w++) sampler.Propose(space, history, 900 + w);
            var times = new List<double>();
            for (int i = 0; i < proposals; i++)
            {
                var clock = Stopwatch.StartNew();
                sampler.Propose(space, history, 1001 + i);
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {name} | {times[times.Count / 2]:F1} | {times[^1]:F1} | {target} |"));
        }
        return string.Join(Environment.NewLine, lines);
    }
}
