using Microsoft.Extensions.Time.Testing;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;
using TuneWise.Search.Tuning;
using TuneWise.Search.Studies;

namespace TuneWise.Search.Tests.Tuning;

/// <summary>The tuning job's policy, driven by a fake runner: phases, budgets, resume, pruning and how outcomes are recorded.</summary>
public class TuningJobTests
{
    private static Experiment Experiment(string search = "", int epochs = 3) => ExperimentLoader.Parse($$"""
        {
          "name": "policy", "seed": 5,
          "training": { "epochs": {{epochs}} },
          "search": {
            "space": { "optimizer": { "choice": ["sgd", "adam"] }, "learningRate": "auto" },
            "pruner": { "asha": null }
            {{search}}
          }
        }
        """);

    private static InMemoryStudyStorage Open(Experiment e)
    {
        var storage = new InMemoryStudyStorage();
        storage.Open(e.Name, ExperimentLoader.ToJson(e), ExperimentKey.Of(e));
        return storage;
    }

    [Fact]
    public void Range_tests_run_once_per_optimizer_and_each_optimizer_samples_its_own_range()
    {
        var e = Experiment(""", "budget": { "trials": 16 }""");
        var runner = new FakeTrialRunner();
        using var storage = Open(e);
        var summary = new TuningJob(e, runner, storage).Run();

        Assert.Equal(2, runner.RangeTestCalls);
        Assert.Equal(["adam", "sgd"], storage.RangeTests().Keys.Order());
        Assert.Equal(16, summary.Count(TrialState.Complete));
        foreach (var c in runner.Configurations)
        {
            var best = FakeTrialRunner.BestRate[c.Training.Optimizer == OptimizerKind.Sgd ? "sgd" : "adam"];
            Assert.InRange(c.Training.LearningRate, best / 30, best * 10);
        }
        Assert.All(storage.Trials(), t => Assert.Single(t.Record.Parameters.Keys, k => k.StartsWith("learningRate[", StringComparison.Ordinal)));
        Assert.Equal("trials", summary.EndedBy);
    }

    [Fact]
    public void The_experiments_own_configuration_is_the_first_trial_so_tuning_never_ends_below_it()
    {
        var e = ExperimentLoader.Parse("""
            {
              "name": "own", "seed": 5,
              "training": { "optimizer": "adam", "learningRate": 0.003, "batchSize": 64 },
              "model": { "dropout": 0.1 },
              "search": {
                "space": { "optimizer": { "choice": ["sgd", "adam"] }, "learningRate": { "log": [1e-4, 1] }, "batchSize": { "powerOfTwo": [16, 256] }, "dropout": { "range": [0, 0.5] } },
                "budget": { "trials": 6 }
              }
            }
            """);
        using var storage = Open(e);
        var summary = new TuningJob(e, new FakeTrialRunner(), storage).Run();

        var first = storage.Trials()[0].Record.Parameters;
        Assert.Equal("adam", first["optimizer"]);
        Assert.Equal(0.003, Convert.ToDouble(first["learningRate"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(64L, Convert.ToInt64(first["batchSize"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0.1, Convert.ToDouble(first["dropout"], System.Globalization.CultureInfo.InvariantCulture));
        // Once only, and the best is at least as good as it.
        Assert.Single(storage.Trials(), t => SearchSpace.Key(t.Record.Parameters) == SearchSpace.Key(first));
        Assert.True(summary.Best!.Record.Value <= storage.Trials()[0].Record.Value);

        // Switched off, or outside the space, the sampler proposes the first trial itself.
        var off = ExperimentLoader.Parse(ExperimentLoader.ToJson(e).Replace("\"ownConfigurationFirst\": true", "\"ownConfigurationFirst\": false", StringComparison.Ordinal));
        using var offStorage = Open(off);
        new TuningJob(off, new FakeTrialRunner(), offStorage).Run();
        Assert.NotEqual(SearchSpace.Key(first), SearchSpace.Key(offStorage.Trials()[0].Record.Parameters));
        // A number outside its range moves to the nearer end: batch 1,000 under powers of two up to 256 starts at 256.
        var outside = ExperimentLoader.Parse(ExperimentLoader.ToJson(e).Replace("\"batchSize\": 64", "\"batchSize\": 1000", StringComparison.Ordinal));
        using var outsideStorage = Open(outside);
        new TuningJob(outside, new FakeTrialRunner(), outsideStorage).Run();
        Assert.Equal(256L, Convert.ToInt64(outsideStorage.Trials()[0].Record.Parameters["batchSize"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("adam", outsideStorage.Trials()[0].Record.Parameters["optimizer"]);
    }

    [Fact]
    public void A_resumed_study_reuses_its_range_tests_keeps_its_trials_and_ends_with_the_full_budget()
    {
        var first = Experiment(""", "budget": { "trials": 5 }""");
        using var storage = Open(first);
        new TuningJob(first, new FakeTrialRunner(), storage).Run();
        var before = storage.Trials();

        var resumed = Experiment(""", "budget": { "trials": 12 }""");
        Assert.Equal(ExperimentKey.Of(first), ExperimentKey.Of(resumed)); // a larger budget is the same study
        var runner = new FakeTrialRunner();
        var summary = new TuningJob(resumed, runner, storage).Run();

        Assert.Equal(0, runner.RangeTestCalls);
        Assert.Equal(7, runner.Configurations.Count);
        Assert.Equal(12, summary.Trials.Count);
        Assert.Equal(Enumerable.Range(0, 12), summary.Trials.Select(t => t.Record.Number));
        for (int i = 0; i < before.Count; i++) Assert.Equal(before[i].Record, summary.Trials[i].Record);
    }

    [Fact]
    public void The_epoch_budget_stops_new_trials_and_cuts_the_running_one_at_an_epoch_boundary()
    {
        var e = Experiment(""", "budget": { "trials": 50, "epochs": 10 }""", epochs: 4);
        using var storage = Open(e);
        var summary = new TuningJob(e, new FakeTrialRunner(), storage).Run();

        Assert.Equal("epochs", summary.EndedBy);
        Assert.Equal(10, summary.EpochsUsed);
        var cut = Assert.Single(summary.Trials, t => t.Pruned?.Pruner == "budget");
        Assert.Equal(2, cut.Intermediate.Count);
        Assert.False(cut.Record.Unhealthy);
        Assert.Equal(3, summary.Trials.Count);
    }

    [Fact]
    public void The_time_budget_ends_the_sweep_on_the_fake_clock()
    {
        var clock = new FakeTimeProvider();
        var e = Experiment(""", "budget": { "trials": 50, "minutes": 7 }""");
        using var storage = Open(e);
        var runner = new FakeTrialRunner { AfterEpoch = (_, _) => clock.Advance(TimeSpan.FromMinutes(1)) };
        var summary = new TuningJob(e, runner, storage, new TuningJobOptions { Clock = clock }).Run();

        Assert.Equal("minutes", summary.EndedBy);
        // Each epoch takes a minute: two full trials of 3 epochs end at minute 6; the third reports its
        // second epoch at minute 7, when the budget is used up, and is cut there.
        Assert.Equal(8, summary.EpochsUsed);
        Assert.Equal(3, summary.Trials.Count);
        Assert.Equal("budget", summary.Trials[^1].Pruned!.Pruner);
        Assert.Contains("7 minutes", summary.Trials[^1].Pruned!.Reason);
    }

    [Fact]
    public void A_fatal_verdict_is_recorded_as_unhealthy_with_its_pruner_and_verdicts()
    {
        var e = Experiment(""", "budget": { "trials": 20 }""");
        using var storage = Open(e);
        var summary = new TuningJob(e, new FakeTrialRunner { SickAbove = 0.05 }, storage).Run();

        var sick = summary.Trials.Where(t => t.Record.Unhealthy).ToList();
        Assert.NotEmpty(sick);
        Assert.All(sick, t =>
        {
            Assert.Equal(TrialState.Pruned, t.Record.State);
            Assert.Equal("health", t.Pruned!.Pruner);
            Assert.True(t.Record.CountsAsFailure);
            Assert.Contains(VerdictCodes.ExplodingGradient, t.HealthVerdicts);
        });
        Assert.All(summary.Trials.Where(t => !t.Record.Unhealthy), t => Assert.True(TunableParameters.Apply(e, t.Record.Parameters).Training.LearningRate <= 0.05));
        Assert.True(summary.BestExperiment!.Training.LearningRate <= 0.05);
    }

    [Fact]
    public void A_fatal_preflight_finding_stops_the_job_before_any_trial()
    {
        var e = Experiment();
        using var storage = Open(e);
        var runner = new FakeTrialRunner
        {
            PreflightFindings = [new HealthVerdict { Code = VerdictCodes.InputNonFinite, Severity = Severity.Fatal, Step = -1, Message = "row 7 holds NaN" }],
        };
        var error = Assert.Throws<TuningStoppedException>(() => new TuningJob(e, runner, storage).Run());
        Assert.Contains("input_non_finite", error.Message);
        Assert.Empty(storage.Trials());
        Assert.Contains("row 7", storage.Attributes()[StudyAttributes.Preflight]);
    }

    [Fact]
    public void Asha_prunes_poor_trials_by_name_when_configured()
    {
        var e = ExperimentLoader.Parse("""
            { "name": "asha", "seed": 2, "training": { "epochs": 9, "optimizer": "sgd" },
              "search": { "sampler": "random", "space": { "learningRate": { "log": [1e-5, 1] } },
                          "pruner": { "health": null, "asha": { "minEpochs": 1, "reductionFactor": 3 } }, "budget": { "trials": 30 } } }
            """);
        using var storage = Open(e);
        var summary = new TuningJob(e, new FakeTrialRunner(), storage).Run();
        var pruned = summary.Trials.Where(t => t.Record.State == TrialState.Pruned).ToList();
        Assert.NotEmpty(pruned);
        Assert.All(pruned, t => Assert.Equal("asha", t.Pruned!.Pruner));
        Assert.True(summary.EpochsUsed < 30 * 9);
    }

    [Fact]
    public void A_sampler_and_a_pruner_given_in_code_replace_the_experiments()
    {
        var e = Experiment(""", "ownConfigurationFirst": false, "budget": { "trials": 6 }""", epochs: 5);
        var sampler = new FixedSampler();
        using var storage = Open(e);

        var summary = new TuningJob(e, new FakeTrialRunner(), storage, new TuningJobOptions { Sampler = sampler, Pruner = new StopAtSecondEpoch() }).Run();

        Assert.Equal(6, sampler.Proposed.Count);
        Assert.All(summary.Trials, t => Assert.Equal("adam", t.Record.Parameters["optimizer"]));
        Assert.All(summary.Trials, t => Assert.Equal(("mine", 2), (t.Pruned?.Pruner, t.Intermediate.Count)));
    }

    private sealed class FixedSampler : TuneWise.Search.Samplers.ISampler
    {
        public readonly List<int> Proposed = [];

        public Dictionary<string, object> Propose(SearchSpace space, IReadOnlyList<TrialRecord> history, int trialNumber)
        {
            Proposed.Add(trialNumber);
            return space.Assign(p => p.Name == "optimizer" ? p.FromUnit(1.0) : p.FromUnit(0.5));
        }
    }

    private sealed class StopAtSecondEpoch : TuneWise.Search.Pruners.IPruner
    {
        public PruneDecision? Check(TuneWise.Search.Pruners.TrialProgress trial, IReadOnlyList<TuneWise.Search.Pruners.TrialProgress> study) =>
            trial.LastStep >= 1 ? new PruneDecision("mine", "stopped by a pruner given in code", trial.LastStep) : null;
    }

    [Fact]
    public void Failed_trials_do_not_count_towards_the_budget()
    {
        var e = Experiment(""", "budget": { "trials": 5 }""");
        using var storage = Open(e);
        var summary = new TuningJob(e, new FakeTrialRunner { Throwing = new HashSet<int> { 1, 3 } }, storage).Run();
        Assert.Equal(5, summary.Count(TrialState.Complete));
        Assert.Equal(2, summary.Count(TrialState.Failed));
        Assert.Contains("ran out of memory", summary.Trials[1].Error);
    }

    [Fact]
    public void A_cancelled_trial_goes_back_to_the_queue_and_the_next_run_finishes_it()
    {
        var e = Experiment(""", "budget": { "trials": 4 }""");
        using var storage = Open(e);
        using var cancel = new CancellationTokenSource();
        var runner = new FakeTrialRunner { AfterEpoch = (trial, epoch) => { if (trial == 2 && epoch == 0) cancel.Cancel(); } };
        var summary = new TuningJob(e, runner, storage).Run(cancel.Token);
        Assert.Equal("cancelled", summary.EndedBy);
        Assert.Equal(TrialState.Waiting, storage.Trials()[2].Record.State);
        Assert.Empty(storage.Trials()[2].Intermediate);

        var resumed = new TuningJob(e, new FakeTrialRunner(), storage).Run();
        Assert.Equal(4, resumed.Count(TrialState.Complete));
        Assert.Equal(4, resumed.Trials.Count);
    }

    [Fact]
    public void Every_trial_trains_on_the_experiments_split_with_its_own_training_seed()
    {
        var e = Experiment(""", "budget": { "trials": 6 }""");
        using var storage = Open(e);
        var runner = new FakeTrialRunner();
        new TuningJob(e, runner, storage).Run();
        Assert.All(runner.Configurations, c => Assert.Equal(5, c.Seed));
        var seeds = runner.Configurations.Select(c => c.Training.Seed).ToList();
        Assert.Equal(seeds.Count, seeds.Distinct().Count());
        Assert.Equal(storage.Trials().Select(t => t.Seed), seeds);
    }

    [Fact]
    public void The_best_configuration_maximises_accuracy_and_is_a_ready_to_run_experiment()
    {
        var e = Experiment(""", "budget": { "trials": 12 }, "retrain": true""");
        using var storage = Open(e);
        var summary = new TuningJob(e, new FakeTrialRunner(), storage).Run();
        var values = summary.Trials.Where(t => t.Record.IsUsableObservation).Select(t => summary.Objective.Value(t.Record.Value!.Value)).ToList();
        Assert.Equal(values.Max(), summary.BestValue);
        Assert.Equal(FakeTrialRunner.Accuracy(summary.BestExperiment!, summary.BestExperiment!.Training.Epochs - 1), summary.BestValue!.Value, 9);
        var reloaded = ExperimentLoader.Parse(ExperimentLoader.ToJson(summary.BestExperiment!));
        // The betas are an array, compared by reference in the record's equality: by value here, then everything else.
        Assert.Equal(summary.BestExperiment!.Training.Betas, reloaded.Training.Betas);
        Assert.Equal(summary.BestExperiment!.Training, reloaded.Training with { Betas = summary.BestExperiment!.Training.Betas });
        Assert.NotNull(summary.Test);
        Assert.Equal(summary.Test, new StudyReader(e, storage).Summary().Test);
    }

    [Fact]
    public void The_end_of_the_job_waits_for_the_other_workers_and_its_summary_and_retrain_see_their_trials()
    {
        var e = Experiment(""", "budget": { "trials": 6 }, "retrain": true""");
        using var storage = Open(e);
        var runner = new FakeTrialRunner();
        var job = new TuningJob(e, runner, storage, new TuningJobOptions
        {
            // Another worker of the study finishes a better trial while this one's sweep winds down.
            AfterSweep = () =>
            {
                var other = storage.Claim("other", int.MaxValue, (_, _) => storage.Trials()[0].Record.Parameters)!;
                storage.Finish(other.Record.Number, TrialState.Complete, -0.999);
            },
        });

        var summary = job.Run();

        Assert.Equal(7, summary.Trials.Count);
        Assert.Equal(6, summary.Best!.Record.Number);
        // The retrain is of the best the whole fleet found, not of this worker's best: the study
        // shows a test score only for the trial it records as retrained.
        Assert.NotNull(summary.Test);
        Assert.Equal(summary.Test, new StudyReader(e, storage).Summary().Test);
    }

    [Fact]
    public void A_study_is_refused_by_another_experiment_but_not_by_a_new_budget()
    {
        var e = Experiment();
        Assert.Equal(ExperimentKey.Of(e), ExperimentKey.Of(e with { Search = e.Search with { Workers = 3, Budget = new BudgetSection { Trials = 99 } } }));
        Assert.NotEqual(ExperimentKey.Of(e), ExperimentKey.Of(e with { Training = e.Training with { Epochs = 9 } }));
        Assert.NotEqual(ExperimentKey.Of(e), ExperimentKey.Of(e with { Seed = 6 }));
    }
}
