using System.Globalization;
using TuneWise.Models.Data;
using TuneWise.Models.Training;
using TuneWise.Core.Experiments;

namespace TuneWise.Benchmarks;

/// <summary>
/// TuneWise trainer (no observer) against <see cref="PlainLoop"/>, alternating A/B rounds in one
/// process so both see the same machine state; reports median samples/s and their ratio.
/// </summary>
internal static class ThroughputBenchmark
{
    public static string Run(int rounds)
    {
        var data = BenchmarkData.FashionMnist10k();
        var cases = new[]
        {
            ("MLP 256-128, batch 64, 6 epochs", new ModelSection { Kind = ModelKind.Mlp, Hidden = [256, 128] }, 6),
            ("CNN 32-64 + 128, batch 64, 1 epoch", new ModelSection { Kind = ModelKind.Cnn, Channels = [32, 64], Hidden = [128] }, 1),
        };
        var lines = new List<string>
        {
            $"{data.Train.Count:N0} training samples, {rounds} alternating rounds, median samples/s:",
            "",
            "| model | plain TorchSharp loop | TuneWise trainer | ratio TuneWise/plain | with a no-op observer | ratio observed/plain |",
            "|---|---|---|---|---|---|",
        };
        foreach (var (name, model, epochs) in cases)
        {
            var experiment = new Experiment { Seed = 1, Model = model, Training = new TrainingSection { Epochs = epochs, BatchSize = 64 } };
            // Warm-up: first-call costs (native init, JIT, allocator growth) must not land on any side.
            var warmUp = experiment with { Training = experiment.Training with { Epochs = 1 } };
            PlainLoop.SamplesPerSecond(warmUp, data);
            Trainer(warmUp, data);
            var plain = new List<double>();
            var tunewise = new List<double>();
            var observed = new List<double>();
            for (int r = 0; r < rounds; r++)
            {
                // Alternate which side goes first, so drift in machine load falls on both.
                if (r % 2 == 0) { plain.Add(PlainLoop.SamplesPerSecond(experiment, data)); tunewise.Add(Trainer(experiment, data)); observed.Add(Trainer(experiment, data, new NoOpObserver())); }
                else { observed.Add(Trainer(experiment, data, new NoOpObserver())); tunewise.Add(Trainer(experiment, data)); plain.Add(PlainLoop.SamplesPerSecond(experiment, data)); }
                Console.Error.WriteLine($"  {name} round {r + 1}: plain {plain[^1]:N0}, tunewise {tunewise[^1]:N0}, no-op observer {observed[^1]:N0}");
            }
            double p = BenchmarkData.Median(plain), t = BenchmarkData.Median(tunewise), o = BenchmarkData.Median(observed);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {name} | {p:N0} | {t:N0} | {t / p:F3} | {o:N0} | {o / p:F3} |"));
        }
        return string.Join(Environment.NewLine, lines);
    }

    private static double Trainer(Experiment experiment, TrainingData data, ITrainingObserver? observer = null) =>
        new Trainer(experiment).Train(data, observer is null ? null : [observer]).SamplesPerSecond;

    /// <summary>An observer that implements nothing: measures what attaching one costs.</summary>
    private sealed class NoOpObserver : ITrainingObserver;

}
