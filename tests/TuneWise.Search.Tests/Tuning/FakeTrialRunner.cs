using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Core.RangeTests;
using TuneWise.Core.Trials;

namespace TuneWise.Search.Tests.Tuning;

/// <summary>
/// A trial runner without TorchSharp: validation accuracy is a smooth function of the log learning
/// rate, peaked at a known rate per optimizer, that rises a little each epoch. Rates above
/// <see cref="SickAbove"/> "explode": the runner reports a fatal verdict at the first probe.
/// It honours the trial-context contract as the TorchSharp runner does.
/// </summary>
internal sealed class FakeTrialRunner : ITrialRunner
{
    public static readonly IReadOnlyDictionary<string, double> BestRate = new Dictionary<string, double> { ["sgd"] = 0.1, ["adam"] = 0.003 };

    public int RangeTestCalls;
    public int PreflightCalls;
    public readonly List<Experiment> Configurations = [];
    public double SickAbove { get; init; } = double.PositiveInfinity;
    public IReadOnlyList<HealthVerdict> PreflightFindings { get; init; } = [];
    /// <summary>Called after every epoch (e.g. to move a fake clock).</summary>
    public Action<int, int>? AfterEpoch { get; init; }
    /// <summary>Trials whose number is listed throw inside training.</summary>
    public IReadOnlySet<int> Throwing { get; init; } = new HashSet<int>();

    public static double Accuracy(Experiment e, int epoch)
    {
        var optimizer = e.Training.Optimizer == OptimizerKind.Sgd ? "sgd" : "adam";
        double distance = Math.Log10(e.Training.LearningRate / BestRate[optimizer]);
        return 0.9 - 0.05 * distance * distance - 0.02 * (e.Training.Epochs - 1 - epoch);
    }

    public IReadOnlyList<HealthVerdict> Preflight(Experiment experiment, CancellationToken cancellation)
    {
        PreflightCalls++;
        return PreflightFindings;
    }

    public LrRangeTestResult? RangeTest(Experiment experiment, CancellationToken cancellation)
    {
        RangeTestCalls++;
        var name = experiment.Training.Optimizer == OptimizerKind.Sgd ? "sgd" : "adam";
        double best = BestRate[name];
        return new LrRangeTestResult
        {
            Optimizer = name,
            Points = [new LrRangePoint(0, best / 100, 2.3, 2.3, 1), new LrRangePoint(1, best, 1.0, 1.2, 1)],
            Suggestions = [new LrSuggestion("steepest", best / 3)],
            Recommended = best / 3,
            Range = new LearningRateRange(name, best / 30, best * 10, best / 3, "test"),
            StopReason = "test",
        };
    }

    public TrialOutcome Run(Experiment trial, ITrialContext context)
    {
        lock (Configurations) Configurations.Add(trial);
        if (Throwing.Contains(context.Number)) throw new InvalidOperationException($"trial {context.Number} ran out of memory");
        int epochs = trial.Training.Epochs;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            if (context.Cancellation.IsCancellationRequested) return new TrialOutcome { End = TrialEnd.Cancelled, Epochs = epoch };
            if (trial.Training.LearningRate > SickAbove)
            {
                var fatal = new HealthVerdict
                {
                    Code = VerdictCodes.ExplodingGradient, Severity = Severity.Fatal, Step = epoch * 10, LastStep = epoch * 10,
                    Message = $"gradients exploded at learning rate {trial.Training.LearningRate:G3}",
                };
                var decision = context.ReportHealth(epoch * 10, [fatal]);
                return new TrialOutcome { End = TrialEnd.Unhealthy, StoppedBy = decision, Epochs = epoch, Verdicts = [fatal], HealthSeriesJson = "[]" };
            }
            context.ReportProgress(epoch, epoch * 10, 1.0);
            double accuracy = Accuracy(trial, epoch);
            var metrics = new Dictionary<string, double> { [Objective.ValidationAccuracy] = accuracy, [Objective.ValidationLoss] = 1 - accuracy };
            var stop = context.ReportEpoch(epoch, metrics);
            AfterEpoch?.Invoke(context.Number, epoch);
            if (stop is not null)
                return new TrialOutcome { End = stop.Unhealthy ? TrialEnd.Unhealthy : TrialEnd.Pruned, StoppedBy = stop, Value = accuracy, Epochs = epoch + 1, Metrics = metrics };
        }
        double final = Accuracy(trial, epochs - 1);
        return new TrialOutcome
        {
            End = TrialEnd.Completed, Value = final, Epochs = epochs,
            Metrics = new Dictionary<string, double> { [Objective.ValidationAccuracy] = final },
        };
    }

    public IReadOnlyDictionary<string, double>? RetrainAndTest(Experiment best, CancellationToken cancellation) =>
        new Dictionary<string, double> { ["testAccuracy"] = Accuracy(best, best.Training.Epochs - 1) - 0.01 };
}
