using System.Reflection;
using TuneWise.Core.Experiments;
using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;
using TuneWise.Search.Pruners;
using TuneWise.Search.Samplers;
using TuneWise.Search.Storage;
using TuneWise.Search.Studies;
using TuneWise.Search.Tuning;

namespace TuneWise.Search.Tests.Tuning;

public class TrialSessionTests
{
    /// <summary>Counts the reads of a study's trials, passing every call on to the store it wraps.</summary>
    public class CountingStorage : DispatchProxy
    {
        public IStudyStorage Inner { get; set; } = null!;
        public int TrialReads { get; private set; }

        public static (IStudyStorage Storage, CountingStorage Counter) Wrap(IStudyStorage inner)
        {
            var proxy = Create<IStudyStorage, CountingStorage>();
            var counter = (CountingStorage)(object)proxy;
            counter.Inner = inner;
            return (proxy, counter);
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name == nameof(IStudyStorage.Trials)) TrialReads++;
            return method.Invoke(Inner, args);
        }
    }

    private sealed class Quiet : ITuningObserver;

    [Fact]
    public void An_epoch_reads_the_study_once_for_the_budget_and_the_pruners_and_sees_its_own_report()
    {
        var store = new InMemoryStudyStorage();
        store.Open("s", "{}", "k");
        var (storage, counter) = CountingStorage.Wrap(store);
        var objective = new Objective(Objective.ValidationLoss, ObjectiveDirection.Minimize);
        // Five finished trials whose first epoch was far better than the one reported below.
        for (int i = 0; i < 5; i++)
        {
            var done = storage.Claim("w", 100, (_, _) => new Dictionary<string, object> { ["x"] = i })!;
            storage.Report(done.Record.Number, 0, 0.1);
            storage.Finish(done.Record.Number, TrialState.Complete, 0.1);
        }
        var trial = storage.Claim("w", 100, (_, _) => new Dictionary<string, object> { ["x"] = 9 })!;
        var space = SearchSpace.Create().Float("x", 0, 10).Build();
        var study = new Study(storage, space, new RandomSampler(1), options: new StudyOptions { Worker = "w", Objective = objective });
        // An epoch budget, so the budget reads the study too.
        var budget = new TuningBudget(new BudgetSection { Trials = 100, Epochs = 1_000 }, storage, TimeProvider.System);
        var session = new TrialSession(trial.Record.Number, trial.Record.Parameters, study, storage, objective, healthPruner: null, PercentilePruner.Median(),
            budget, new Quiet(), weightsPath: null, checkpointFolder: null, learningRateCeiling: null, CancellationToken.None);

        int before = counter.TrialReads;
        var decision = session.ReportEpoch(0, new Dictionary<string, double> { [Objective.ValidationLoss] = 0.9 });

        Assert.Equal(1, counter.TrialReads - before);
        Assert.Equal("median", decision?.Pruner);
        Assert.Equal(0.9, store.Trials().Single(t => t.Record.Number == trial.Record.Number).Intermediate[0]);
    }
}
