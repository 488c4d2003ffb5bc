using System.Text.Json;
using TuneWise.Core.Experiments;
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
    /// its 8 epochs and returns the verdicts a too-high rate causes (none when the trial stayed healthy).
    /// </summary>
    public static IReadOnlyList<string> Deaths(Experiment experiment, TrainingData data, double rate, int batch, Action<string> log)
    {
        using var monitor = new HealthMonitor();
        var trial = experiment with { Training = experiment.Training with { LearningRate = rate, BatchSize = batch } };
        var result = new Trainer(trial).Train(data, [monitor]);
        var deaths = monitor.Verdicts.Select(v => v.Code).Where(HeldRateCheck.RateFailures.Contains).Distinct().ToList();
        log($"  lr {rate:G3} at batch {batch} for {trial.Training.Epochs} epochs: validation accuracy {result.FinalValidationAccuracy:P1}, " +
            $"verdicts {string.Join(", ", monitor.Verdicts.Select(v => v.Code).Distinct())}");
        return deaths;
    }
}
