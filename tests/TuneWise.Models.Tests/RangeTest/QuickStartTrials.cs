using System.Text.Json;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Models.Data;
using TuneWise.Models.Health;
using TuneWise.Models.RangeTest;
using TuneWise.Models.Training;

namespace TuneWise.Models.Tests.RangeTest;

/// <summary>
/// The quick start's network and space on the bundled Fashion-MNIST (MLP 256-128, dropout 0.2,
/// 8 epochs, batch 64, the rate and batch 32 … 256 searched), and a trial of it at a given rate.
/// </summary>
internal static class QuickStartTrials
{
    /// <summary>The bundled data split for <paramref name="seed"/>.</summary>
    public static TrainingData Data(int seed) =>
        ExperimentData.Prepare(TestData.FashionMnistTest, null, null, new DataSection { ValidationFraction = 0.1 }, seed);

    /// <summary>The quick start with <paramref name="optimizer"/> and <paramref name="schedule"/>.</summary>
    public static Experiment Experiment(int seed, OptimizerKind optimizer, ScheduleKind schedule = ScheduleKind.Cosine) => new()
    {
        Seed = seed,
        Model = new ModelSection { Hidden = [256, 128], Dropout = 0.2 },
        Training = new TrainingSection { Optimizer = optimizer, Epochs = 8, BatchSize = 64, Schedule = schedule },
        Search = new SearchSection
        {
            Space = JsonDocument.Parse("""{ "learningRate": "auto", "batchSize": { "powerOfTwo": [32, 256] } }""").RootElement
                .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()),
        },
    };

    /// <summary>
    /// Trains <paramref name="experiment"/> at <paramref name="rate"/> and <paramref name="batch"/> for
    /// its 8 epochs and returns the verdicts a too-high rate causes: every one the health monitor
    /// reported, and those that would have stopped the trial in a study (fatal, or a warning that
    /// persisted for the health pruner's probes in a row).
    /// </summary>
    /// <remarks>
    /// A single reading is not a death: at the top of the Adam range, one trial in 13 seeds read half
    /// of its first layer's units silent on one probe batch of 32 images and fired again at the next,
    /// ending at 85.6 % like its neighbours.
    /// </remarks>
    public static RateFailures Deaths(Experiment experiment, TrainingData data, double rate, int batch, Action<string> log)
    {
        using var monitor = new HealthMonitor();
        var watch = new StoppingFailures(monitor, new HealthPrunerSection().Persistence);
        var trial = experiment with { Training = experiment.Training with { LearningRate = rate, BatchSize = batch } };
        var result = new Trainer(trial).Train(data, [monitor, watch]);
        var seen = monitor.Verdicts.Select(v => v.Code).Where(HeldRateCheck.RateFailures.Contains).Distinct().ToList();
        log($"  lr {rate:G3} at batch {batch} for {trial.Training.Epochs} epochs: validation accuracy {result.FinalValidationAccuracy:P1}, " +
            $"verdicts {string.Join(", ", monitor.Verdicts.Select(v => v.Code).Distinct())}; would stop the trial: {(watch.Codes.Count == 0 ? "none" : string.Join(", ", watch.Codes))}" +
            string.Concat(monitor.Verdicts.Where(v => HeldRateCheck.RateFailures.Contains(v.Code)).Take(1).Select(v => $"; first at step {v.Step}: {v.Message}")));
        return new RateFailures(seen, watch.Codes.ToList());
    }

    /// <summary>The rate failures of one trial: all the health monitor reported, and those that would have stopped it.</summary>
    public sealed record RateFailures(IReadOnlyList<string> Seen, IReadOnlyList<string> Stopping);

    // The rate failures that, at some step, were fatal or had persisted long enough to stop a trial.
    private sealed class StoppingFailures(HealthMonitor monitor, int persistence) : ITrainingObserver
    {
        public SortedSet<string> Codes { get; } = [];

        public void OnStepCompleted(StepContext step)
        {
            foreach (var v in monitor.Verdicts)
                if (HeldRateCheck.RateFailures.Contains(v.Code) && (v.Severity == Severity.Fatal || v.Severity == Severity.Warning && v.Streak >= persistence))
                    Codes.Add(v.Code);
        }
    }
}
