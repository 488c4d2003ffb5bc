using System.Text.Json;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Core.RangeTests;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;
using TuneWise.Search.Tuning;
using TuneWise.Testing;

namespace TuneWise.Search.Tests.Tuning;

/// <summary>A function of the user's own, tuned through the one trial API as Optuna's users tune theirs.</summary>
public class PlainObjectiveTests
{
    /// <summary>Branin, "trained" over three epochs that approach its value, each reported.</summary>
    private sealed class Branin : ITrialRunner
    {
        public IReadOnlyList<HealthVerdict> Preflight(Experiment experiment, CancellationToken cancellation) => [];
        public LrRangeTestResult? RangeTest(Experiment experiment, CancellationToken cancellation) => null;
        public IReadOnlyDictionary<string, double>? RetrainAndTest(Experiment best, CancellationToken cancellation) => null;

        public TrialOutcome Run(Experiment trial, ITrialContext context)
        {
            double value = SamplerProblems.Branin.Objective(context.Parameters);
            for (int epoch = 0; epoch < 3; epoch++)
            {
                double reached = value + (2 - epoch);
                if (context.ReportEpoch(epoch, new Dictionary<string, double> { ["branin"] = reached }) is { } stop)
                    return new TrialOutcome { End = TrialEnd.Pruned, Value = reached, StoppedBy = stop, Epochs = epoch + 1 };
            }
            return new TrialOutcome { End = TrialEnd.Completed, Value = value, Epochs = 3 };
        }
    }

    private static JsonElement Entry(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public void A_function_of_ones_own_is_minimised_with_its_reports_pruned_on_and_stored()
    {
        // Built in code, as the ML.NET API builds its experiments: a custom trainer's parameters and
        // metric are its own, so the experiment file's rules for the network's parameters do not apply.
        var experiment = new Experiment
        {
            Name = "branin",
            Seed = 3,
            Search = new SearchSection
            {
                Space = new Dictionary<string, JsonElement> { ["x1"] = Entry("""{ "range": [-5, 10] }"""), ["x2"] = Entry("""{ "range": [0, 15] }""") },
                CustomTrainer = true,
                Objective = new ObjectiveSection { Metric = "branin", Direction = ObjectiveDirection.Minimize },
                Sampler = SamplerKind.Tpe,
                Pruner = new PrunerSection { Health = null, Asha = null, Median = new MedianPrunerSection { StartupTrials = 5 } },
                Budget = new BudgetSection { Trials = 40 },
            },
        };
        var storage = new InMemoryStudyStorage();
        storage.Open(experiment.Name, ExperimentLoader.ToJson(experiment), ExperimentKey.Of(experiment));

        var summary = new TuningJob(experiment, new Branin(), storage).Run();

        Assert.Equal(40, summary.Trials.Count);
        Assert.Contains(summary.Trials, t => t.Record.State == TrialState.Pruned);
        Assert.All(summary.Trials, t => Assert.NotEmpty(t.Intermediate));
        // Forty TPE trials get within 1 of Branin's minimum, 0.398; random points average about 50.
        Assert.True(summary.Best!.Record.Value < 1.4, $"best {summary.Best.Record.Value}");
    }
}
