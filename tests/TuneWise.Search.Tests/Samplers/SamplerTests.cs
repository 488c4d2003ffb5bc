using TuneWise.Testing;
using TuneWise.Search.Samplers;
using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;

namespace TuneWise.Search.Tests.Samplers;

public class SamplerTests(Xunit.Abstractions.ITestOutputHelper output)
{
    public static TheoryData<string> Samplers => new() { "random", "grid", "tpe", "gp" };

    private static ISampler Make(string name, int seed) => name switch
    {
        "random" => new RandomSampler(seed),
        "grid" => new GridSampler(seed, pointsPerDimension: 4),
        "gp" => new GpSampler(seed),
        _ => new TpeSampler(seed),
    };

    [Theory]
    [MemberData(nameof(Samplers))]
    public void Proposals_are_valid_and_respect_conditions(string name)
    {
        var problem = SamplerProblems.Mixed;
        var history = SamplerProblems.Minimize(Make(name, 1), problem, 30);
        foreach (var t in history)
        {
            Assert.Equal(problem.Space.Active(t.Parameters).Select(p => p.Name).Order(), t.Parameters.Keys.Order());
            foreach (var (key, value) in t.Parameters) Assert.True(problem.Space[key].Contains(value), $"{key} = {value}");
        }
    }

    [Theory]
    [MemberData(nameof(Samplers))]
    public void The_same_seed_and_history_give_the_same_proposal(string name)
    {
        var a = SamplerProblems.Minimize(Make(name, 7), SamplerProblems.Branin, 25);
        var b = SamplerProblems.Minimize(Make(name, 7), SamplerProblems.Branin, 25);
        Assert.Equal(a.Select(t => t.Value), b.Select(t => t.Value));
        // A sampler rebuilt from the stored history (a resumed study) proposes what the first would have.
        var resumed = Make(name, 7).Propose(SamplerProblems.Branin.Space, a.Take(24).ToList(), 24);
        Assert.Equal(a[24].Parameters, resumed);
    }

    [Fact]
    public void Random_proposals_of_neighbouring_trials_are_independent()
    {
        // A float and a four-way choice, 1,000 trials of seed 7.
        var space = new SearchSpaceBuilder().Float("x", 0, 1).Categorical("c", "a", "b", "c", "d").Build();
        var sampler = new RandomSampler(7);
        var proposals = Enumerable.Range(0, 1000).Select(n => sampler.Propose(space, [], n)).ToList();
        var x = proposals.Select(p => (double)p["x"]).ToArray();

        double r = MathNet.Numerics.Statistics.Correlation.Pearson(x.Skip(1), x.SkipLast(1));
        double repeats = proposals.Zip(proposals.Skip(1)).Count(p => Equals(p.First["c"], p.Second["c"])) / 999.0;
        double share = proposals.Count(p => Equals(p["c"], "a")) / 1000.0;

        // Independent draws: |r| below 4 standard errors (1/√999), repeats and shares near 1/4 within 4 standard errors.
        Assert.True(Math.Abs(r) < 4 / Math.Sqrt(999), $"r = {r:0.000} between a trial's first value and the previous trial's");
        Assert.True(Math.Abs(repeats - 0.25) < 4 * Math.Sqrt(0.25 * 0.75 / 999), $"a four-way choice repeated {repeats:P1} of the time");
        Assert.True(Math.Abs(share - 0.25) < 4 * Math.Sqrt(0.25 * 0.75 / 1000), $"'a' drawn {share:P1} of the time");
    }

    [Fact]
    public void The_gp_proposes_quickly_over_categorical_parameters_of_a_thousand_choices()
    {
        // Four parameters of 1,000 choices were 4,000 one-hot coordinates: a proposal took minutes.
        var builder = new SearchSpaceBuilder();
        for (int k = 0; k < 4; k++) builder.Categorical($"c{k}", Enumerable.Range(0, 1000).Select(i => (object)$"v{i}").ToList());
        var space = builder.Float("x", 0, 1).Build();
        var random = new RandomSampler(3);
        var history = Enumerable.Range(0, 40).Select(n =>
        {
            var p = random.Propose(space, [], n);
            return new TrialRecord { Number = n, State = TrialState.Complete, Parameters = p, Value = (double)p["x"] };
        }).ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var proposal = new GpSampler(1).Propose(space, history, 40);
        // A guard against the minutes it took, ten times what it needs here, not a speed test.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"a proposal took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.All(Enumerable.Range(0, 4), k => Assert.StartsWith("v", (string)proposal[$"c{k}"]));
    }

    [Fact]
    public void A_grid_too_large_to_hold_is_refused_before_any_point_is_built()
    {
        var builder = new SearchSpaceBuilder();
        for (int k = 0; k < 3; k++) builder.Categorical($"c{k}", Enumerable.Range(0, 1000).Select(i => (object)i).ToList());
        var grid = new GridSampler();
        var space = builder.Build();
        Assert.Equal(1_000_000_000, grid.CountAtMost(space));
        var error = Assert.Throws<SearchSpaceException>(() => grid.Points(space));
        Assert.Contains("up to 1,000,000,000 grid points, more than the 100,000", error.Message);
    }

    [Fact]
    public void The_grid_covers_every_combination_once_before_repeating()
    {
        var space = SearchSpace.Create().Categorical("optimizer", "sgd", "adam").Float("lr", 1e-4, 1e-1, log: true)
            .Float("momentum", 0.5, 0.9, when: SearchSpaceBuilder.When("optimizer", "sgd")).Build();
        var grid = new GridSampler(3, pointsPerDimension: 3);
        Assert.Equal(3 * 3 + 3, grid.Points(space).Count); // sgd: 3 lr × 3 momentum; adam: 3 lr
        var history = SamplerProblems.Minimize(grid, new SamplerProblems.Problem("x", space, _ => 0, 0), 12);
        Assert.Equal(12, history.Select(t => string.Join(",", t.Parameters.OrderBy(kv => kv.Key).Select(kv => kv.Value))).Distinct().Count());
    }

    [Theory]
    [InlineData("tpe")]
    [InlineData("gp")]
    public void A_model_based_sampler_does_not_propose_the_point_of_a_running_trial(string name)
    {
        var problem = SamplerProblems.Branin;
        var history = SamplerProblems.Minimize(Make(name, 2), problem, 20);
        var sampler = Make(name, 2);
        var first = sampler.Propose(problem.Space, history, 20);
        var running = history.Append(new TrialRecord { Number = 20, State = TrialState.Running, Parameters = first }).ToList();
        var second = sampler.Propose(problem.Space, running, 21);
        Assert.NotEqual(first, second);
    }

    [Trait("Category", "Slow")]
    [Theory]
    [InlineData("tpe")]
    [InlineData("gp")]
    public void A_model_based_sampler_learns_to_avoid_a_region_where_training_fails(string name)
    {
        // Learning rates above 0.1 "explode": failed trials without a value. The best healthy rates sit
        // right at that edge, which is what makes the test hard.
        var space = SearchSpace.Create().Float("learningRate", 1e-5, 1, log: true).Float("dropout", 0, 0.5).Build();
        int Failures(bool failuresVisible)
        {
            int count = 0;
            for (int seed = 0; seed < 5; seed++)
            {
                var sampler = Make(name, seed);
                var history = new List<TrialRecord>();
                for (int i = 0; i < 60; i++)
                {
                    var seen = failuresVisible ? history : history.Where(t => !t.CountsAsFailure).ToList();
                    var p = sampler.Propose(space, seen, i);
                    double lr = (double)p["learningRate"];
                    var trial = lr > 0.1
                        ? new TrialRecord { Number = i, State = TrialState.Failed, Parameters = p, Unhealthy = true }
                        : new TrialRecord { Number = i, State = TrialState.Complete, Parameters = p, Value = -Math.Log10(lr) * 0.01 + (double)p["dropout"] };
                    history.Add(trial);
                    if (i >= 20 && trial.CountsAsFailure) count++;
                }
            }
            return count;
        }
        int aware = Failures(failuresVisible: true), blind = Failures(failuresVisible: false);
        // Random search fails 20 % of the time here (1 decade of 5): 40 of 200 trials.
        output.WriteLine($"aware {aware}, blind {blind}");
        Assert.True(aware < blind, $"failures in trials 20–59 over 5 seeds: {aware} when the sampler sees them, {blind} when it does not");
        Assert.True(aware < 40, $"{aware} failures of 200, random search expects 40");
    }
}

public class LogExpectedImprovementTests
{
    [Fact]
    public void Log_ei_matches_the_closed_form_and_stays_finite_far_in_the_tail()
    {
        double ei = (1.0 - 0.5) * 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-0.5 / Math.Sqrt(2)) + Math.Exp(-0.125) / Math.Sqrt(2 * Math.PI);
        Assert.Equal(Math.Log(ei), GpSampler.LogExpectedImprovement(1.0, 0.5, 1.0), 9);
        double far = GpSampler.LogExpectedImprovement(0, 40, 1);
        Assert.True(double.IsFinite(far) && far < -800);
        Assert.True(GpSampler.LogExpectedImprovement(0, 10, 1) > GpSampler.LogExpectedImprovement(0, 11, 1));
    }

    [Fact]
    public void The_default_sampler_says_what_it_does_and_when_it_switches()
    {
        // The line a study prints when its sweep starts (TuningJob → OnSampler).
        var line = SamplerFactory.Describe(SamplerFactory.From(TuneWise.Core.Experiments.SamplerKind.Auto, seed: 1));
        Assert.StartsWith("auto: Gaussian process for the first 100 trials", line);
        Assert.Contains("then TPE", line);
        Assert.Contains("failures included", line);
    }

    [Theory]
    [InlineData(30, 5)]
    [InlineData(12, 3)]
    [InlineData(60, 10)]
    [InlineData(1000, 10)]
    public void The_random_start_of_the_gp_and_tpe_is_a_sixth_of_the_trial_budget_between_3_and_10(int budget, int start)
    {
        Assert.Equal(start, GpOptions.ForBudget(budget).StartupTrials);
        Assert.Equal(start, TpeOptions.ForBudget(budget).StartupTrials);
        var line = SamplerFactory.Describe(SamplerFactory.From(TuneWise.Core.Experiments.SamplerKind.Auto, seed: 1, trialBudget: budget));
        Assert.Contains($"its first {start} at random", line);
        var tpe = SamplerFactory.Describe(SamplerFactory.From(TuneWise.Core.Experiments.SamplerKind.Tpe, seed: 1, trialBudget: budget));
        Assert.Contains($"its first {start} trials at random", tpe);
    }

    [Fact]
    public void The_gp_models_the_history_once_its_random_start_is_over()
    {
        var problem = SamplerProblems.Branin;
        var history = SamplerProblems.Minimize(new RandomSampler(3), problem, 5);
        // Four trials in, both are still random and agree. Five trials in, a study of 30 has ended its
        // random start and the GP chooses, while a start of 10 still proposes what random search would.
        var scaled = new GpSampler(5, GpOptions.ForBudget(30));
        Assert.Equal(new GpSampler(5).Propose(problem.Space, history.Take(4).ToList(), 4), scaled.Propose(problem.Space, history.Take(4).ToList(), 4));
        Assert.NotEqual(new GpSampler(5).Propose(problem.Space, history, 5), scaled.Propose(problem.Space, history, 5));
        Assert.Equal(new GpSampler(5).Propose(problem.Space, history, 5), new RandomSampler(5).Propose(problem.Space, history, 5));
    }

    [Fact]
    public void Auto_proposes_as_the_gp_before_its_switch_and_as_tpe_after()
    {
        var problem = SamplerProblems.Branin;
        var history = SamplerProblems.Minimize(new RandomSampler(3), problem, 20);
        var auto = new AutoSampler(seed: 5, gpTrials: 15);
        Assert.Equal(new GpSampler(5).Propose(problem.Space, history, 14), auto.Propose(problem.Space, history, 14));
        Assert.Equal(new TpeSampler(5).Propose(problem.Space, history, 20), auto.Propose(problem.Space, history, 20));
        Assert.NotEqual(auto.Propose(problem.Space, history, 14), auto.Propose(problem.Space, history, 20));
    }

    [Fact]
    public void Auto_stays_with_the_gp_after_a_failed_trial()
    {
        var problem = SamplerProblems.BraninWithFailures;
        var history = SamplerProblems.Minimize(new RandomSampler(4), problem, 12);
        Assert.Contains(history, t => t.CountsAsFailure);
        var auto = new AutoSampler(seed: 5);
        Assert.Equal(new GpSampler(5).Propose(problem.Space, history, 12), auto.Propose(problem.Space, history, 12));
        Assert.NotEqual(new TpeSampler(5).Propose(problem.Space, history, 12), auto.Propose(problem.Space, history, 12));
    }

    [Fact]
    public void The_gp_gives_a_failed_trial_the_upper_quartile_of_the_values_seen_by_default()
    {
        // A cliff in one dimension: the value falls towards x = 0.5 and training fails above it. Where
        // the failures enter the model changes the proposal, and the default is the upper quartile.
        var space = SearchSpace.Create().Float("x", 0, 1).Build();
        var history = new[] { 0.05, 0.15, 0.25, 0.35, 0.42, 0.47, 0.55, 0.7, 0.9 }.Select((x, n) => x > 0.5
            ? new TrialRecord { Number = n, State = TrialState.Failed, Parameters = new Dictionary<string, object> { ["x"] = x }, Unhealthy = true }
            : new TrialRecord { Number = n, State = TrialState.Complete, Parameters = new Dictionary<string, object> { ["x"] = x }, Value = 0.5 - x }).ToList();
        var options = new GpOptions { StartupTrials = 3 };
        Assert.Equal(0.75, options.FailureQuantile);
        var proposal = new GpSampler(1, options).Propose(space, history, history.Count);
        var worst = new GpSampler(1, options with { FailureQuantile = 1 }).Propose(space, history, history.Count);
        Assert.NotEqual(worst, proposal);
        Assert.Throws<ArgumentOutOfRangeException>(() => options with { FailureQuantile = 1.5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => options with { FailureQuantile = double.NaN });
    }
}
