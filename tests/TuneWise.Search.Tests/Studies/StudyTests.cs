using TuneWise.Testing;
using TuneWise.Core.Health;
using TuneWise.Search.Pruners;
using TuneWise.Search.Samplers;
using TuneWise.Core.Spaces;
using TuneWise.Search.Storage;
using TuneWise.Search.Studies;
using TuneWise.Search.Tests.Samplers;
using TuneWise.Core.Trials;

namespace TuneWise.Search.Tests.Studies;

public class StudyTests
{
    private static readonly SearchSpace Space = SamplerProblems.Branin.Space;

    private static (Study Study, InMemoryStudyStorage Storage) Make(IPruner? pruner = null, ISampler? sampler = null)
    {
        var storage = new InMemoryStudyStorage();
        storage.Open("s", "{}", "k");
        return (new Study(storage, Space, sampler ?? new TpeSampler(1), pruner), storage);
    }

    [Fact]
    public void A_trial_that_throws_is_recorded_as_failed_and_the_study_goes_on()
    {
        var (study, storage) = Make();
        study.Optimize(t => t.Number == 2 ? throw new InvalidOperationException("out of memory in trial 2") : SamplerProblems.Branin.Objective(t.Parameters), 6);
        var trials = storage.Trials();
        Assert.Equal(7, trials.Count);
        Assert.Equal(TrialState.Failed, trials[2].Record.State);
        Assert.Contains("out of memory in trial 2", trials[2].Error);
        Assert.Equal(6, trials.Count(t => t.Record.State == TrialState.Complete));
    }

    [Fact]
    public void A_study_whose_trials_all_fail_stops_after_the_failure_limit_quoting_the_last_error()
    {
        var storage = new InMemoryStudyStorage();
        storage.Open("s", "{}", "k");
        var study = new Study(storage, Space, new RandomSampler(1), options: new StudyOptions { MaxFailuresInARow = 4 });
        var error = Assert.Throws<StudyFailingException>(() =>
            study.Optimize(t => throw new InvalidOperationException($"batch size 512 is larger than the data (trial {t.Number})"), 20));
        Assert.Equal(4, storage.Trials().Count);
        Assert.All(storage.Trials(), t => Assert.Equal(TrialState.Failed, t.Record.State));
        Assert.Equal(3, error.LastTrial);
        Assert.Contains("4 trials failed in a row", error.Message);
        Assert.Contains("batch size 512 is larger than the data (trial 3)", error.Message);
    }

    [Fact]
    public async Task A_worker_whose_budget_is_taken_waits_for_a_silent_workers_trial_and_finishes_it()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var storage = new InMemoryStudyStorage(clock);
        storage.Open("s", "{}", "k");
        // A worker on another machine claimed trial 0 and went silent.
        var lost = storage.Claim("other-machine:42", 2, (_, _) => new Dictionary<string, object> { ["x1"] = 1.0, ["x2"] = 2.0 })!;
        var study = new Study(storage, Space, new RandomSampler(1), options: new StudyOptions { Worker = "me", HeartbeatTimeout = TimeSpan.FromSeconds(60) });

        var run = Task.Run(() => study.Optimize(t => SamplerProblems.Branin.Objective(t.Parameters), 2));
        // Trial 1 runs; the budget of 2 is then taken, yet the worker does not end while trial 0 runs elsewhere.
        for (var wait = DateTime.UtcNow.AddSeconds(30); storage.Trials().Count(t => t.Record.State == TrialState.Complete) < 1 && DateTime.UtcNow < wait;) await Task.Delay(20);
        await Task.Delay(500);
        Assert.False(run.IsCompleted, "the worker ended while another worker's trial was still running");
        // The other worker's heartbeat times out: its trial comes back and this worker runs it.
        clock.Advance(TimeSpan.FromSeconds(61));
        var ran = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Contains(lost.Record.Number, ran);
        Assert.All(storage.Trials(), t => Assert.Equal(TrialState.Complete, t.Record.State));
        Assert.Equal(2, storage.Trials().Count);
    }

    [Fact]
    public void Failures_interrupted_by_a_success_do_not_stop_the_study()
    {
        var storage = new InMemoryStudyStorage();
        storage.Open("s", "{}", "k");
        var study = new Study(storage, Space, new RandomSampler(1), options: new StudyOptions { MaxFailuresInARow = 3 });
        // Every third trial completes: never three failures in a row, so the budget of 5 is reached.
        study.Optimize(t => t.Number % 3 == 2 ? 1.0 : throw new InvalidOperationException("flaky"), 5);
        Assert.Equal(5, storage.Trials().Count(t => t.Record.State == TrialState.Complete));
        Assert.Equal(10, storage.Trials().Count(t => t.Record.State == TrialState.Failed));
    }

    [Fact]
    public void A_pruned_trial_records_which_pruner_stopped_it_why_and_when()
    {
        var (study, storage) = Make(PercentilePruner.Median(startupTrials: 3));
        study.Optimize(t =>
        {
            double value = SamplerProblems.Branin.Objective(t.Parameters);
            for (int step = 0; step < 4; step++) t.Report(step, value + 4 - step);
            return value;
        }, 15);
        var pruned = storage.Trials().Where(t => t.Record.State == TrialState.Pruned).ToList();
        Assert.NotEmpty(pruned);
        Assert.All(pruned, t =>
        {
            Assert.Equal("median", t.Pruned!.Pruner);
            Assert.Contains("worse than the median", t.Pruned.Reason);
            Assert.Equal(t.Intermediate.Keys.Max(), t.Pruned.Step);
        });
        // Pruned trials used their share of the budget: complete and pruned together make the 15.
        Assert.Equal(15, storage.Trials().Count(t => t.Record.State is TrialState.Complete or TrialState.Pruned));
    }

    [Fact]
    public void A_fatal_health_verdict_prunes_the_trial_as_unhealthy()
    {
        var (study, storage) = Make(new HealthPruner());
        study.Optimize(t =>
        {
            if ((double)t.Parameters["x1"] > 5)
                t.ReportHealth([new HealthVerdict { Code = VerdictCodes.NonFinite, Severity = Severity.Fatal, Step = 7, Message = "NaN" }]);
            t.Report(0, 1.0);
            return SamplerProblems.Branin.Objective(t.Parameters);
        }, 12);
        var unhealthy = storage.Trials().Where(t => t.Record.Unhealthy).ToList();
        Assert.NotEmpty(unhealthy);
        Assert.All(unhealthy, t => Assert.Equal(TrialState.Pruned, t.Record.State));
        Assert.All(unhealthy, t => Assert.StartsWith("non_finite (fatal)", t.Pruned!.Reason));
        Assert.All(unhealthy, t => Assert.True(t.Record.CountsAsFailure));
    }

    [Fact]
    public async Task Threads_sharing_one_storage_run_each_trial_once()
    {
        var storage = new InMemoryStudyStorage();
        storage.Open("s", "{}", "k");
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Task.Run(() =>
            new Study(storage, Space, new TpeSampler(1), options: new StudyOptions { Worker = $"t{i}" })
                .Optimize(t => { Thread.Sleep(2); return SamplerProblems.Branin.Objective(t.Parameters); }, 20))));
        var all = runs.SelectMany(r => r).ToList();
        Assert.Equal(20, all.Count);
        Assert.Equal(20, all.Distinct().Count());
        var parameters = storage.Trials().Select(t => $"{t.Record.Parameters["x1"]},{t.Record.Parameters["x2"]}").ToList();
        Assert.Equal(parameters.Count, parameters.Distinct().Count());
    }
}
