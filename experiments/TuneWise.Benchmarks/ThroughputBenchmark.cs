using System.Globalization;
using TuneWise.Models.Data;
using TuneWise.Models.Training;
using TuneWise.Search.Experiments;

namespace TuneWise.Benchmarks;

/// <summary>
/// TuneWise trainer (no observer) against <see cref="PlainLoop"/>, alternating A/B rounds in one
/// process so both see the same machine state; reports median samples/s and their ratio.
/// </summary>
internal static class ThroughputBenchmark
{
    public static string Run(int rounds)
    {
        var splits = FashionMnist.Load(FashionMnist.Locate(null, AppContext.BaseDirectory));
        var data = ExperimentData.Prepare(splits.Train ?? splits.Test!, null, null,
            new DataSection { ValidationFraction = 0.1, TrainLimit = 10_000 }, 1);
        var cases = new[]
        {
            ("MLP 256-128, batch 64, 2 epochs", new ModelSection { Kind = ModelKind.Mlp, Hidden = [256, 128] }, 2),
            ("CNN 32-64 + 128, batch 64, 1 epoch", new ModelSection { Kind = ModelKind.Cnn, Channels = [32, 64], Hidden = [128] }, 1),
        };
        var lines = new List<string>
        {
            $"{data.Train.Count:N0} training samples, {rounds} alternating rounds, median samples/s:",
            "",
            "| model | plain TorchSharp loop | TuneWise trainer | ratio TuneWise/plain |",
            "|---|---|---|---|",
        };
        foreach (var (name, model, epochs) in cases)
        {
            var experiment = new Experiment { Seed = 1, Model = model, Training = new TrainingSection { Epochs = epochs, BatchSize = 64 } };
            // Warm-up: first-call costs (native init, JIT) must not land on either side.
            PlainLoop.SamplesPerSecond(experiment with { Training = experiment.Training with { Epochs = 1 } }, data);
            var plain = new List<double>();
            var tunewise = new List<double>();
            for (int r = 0; r < rounds; r++)
            {
                // Alternate which side goes first, so drift in machine load falls on both.
                if (r % 2 == 0) { plain.Add(PlainLoop.SamplesPerSecond(experiment, data)); tunewise.Add(Trainer(experiment, data)); }
                else { tunewise.Add(Trainer(experiment, data)); plain.Add(PlainLoop.SamplesPerSecond(experiment, data)); }
                Console.Error.WriteLine($"  {name} round {r + 1}: plain {plain[^1]:N0}, tunewise {tunewise[^1]:N0}");
            }
            double p = Median(plain), t = Median(tunewise);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {name} | {p:N0} | {t:N0} | {t / p:F3} |"));
        }
        return string.Join(Environment.NewLine, lines);
    }

    private static double Trainer(Experiment experiment, TrainingData data) =>
        new Trainer(experiment).Train(data).SamplesPerSecond;

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
