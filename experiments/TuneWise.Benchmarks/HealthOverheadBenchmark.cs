using System.Globalization;
using TuneWise.Models.Data;
using TuneWise.Models.Health;
using TuneWise.Models.Training;
using TuneWise.Search.Experiments;

namespace TuneWise.Benchmarks;

/// <summary>
/// What watching costs: the trainer alone against the trainer with the health monitor at its
/// default cadence (50 steps) and probing every step, alternating rounds in one process.
/// </summary>
internal static class HealthOverheadBenchmark
{
    public static string Run(int rounds)
    {
        var splits = FashionMnist.Load(FashionMnist.Locate(null, AppContext.BaseDirectory));
        var data = ExperimentData.Prepare(splits.Train ?? splits.Test!, null, null, new DataSection { ValidationFraction = 0.1, TrainLimit = 10_000 }, 1);
        var cases = new[]
        {
            ("MLP 256-128, batch 64, 6 epochs", new ModelSection { Kind = ModelKind.Mlp, Hidden = [256, 128] }, 6),
            ("CNN 32-64 + 128, batch 64, 1 epoch", new ModelSection { Kind = ModelKind.Cnn, Channels = [32, 64], Hidden = [128] }, 1),
        };
        var lines = new List<string>
        {
            $"{data.Train.Count:N0} training samples, {rounds} alternating rounds; samples/s as best of the rounds (median in brackets):",
            "",
            "| model | no monitor | monitor, cadence 50 | slowdown best (median) | monitor, every step | slowdown best (median) |",
            "|---|---|---|---|---|---|",
        };
        foreach (var (name, model, epochs) in cases)
        {
            var experiment = new Experiment { Seed = 1, Model = model, Training = new TrainingSection { Epochs = epochs, BatchSize = 64 } };
            var warmUp = experiment with { Training = experiment.Training with { Epochs = 1 } };
            Measure(warmUp, data, null);
            Measure(warmUp, data, 50);
            // Cadence 0 stands for no monitor at all.
            var runs = new Dictionary<int, List<double>> { [0] = [], [50] = [], [1] = [] };
            int[] order = [0, 50, 1];
            for (int r = 0; r < rounds; r++)
            {
                // Rotate the order each round so drift in machine load falls on every variant.
                foreach (var cadence in order.Skip(r % 3).Concat(order.Take(r % 3)))
                    runs[cadence].Add(Measure(experiment, data, cadence == 0 ? null : cadence));
                Console.Error.WriteLine($"  {name} round {r + 1}: none {runs[0][^1]:N0}, cadence 50 {runs[50][^1]:N0}, every step {runs[1][^1]:N0}");
            }
            // On a shared machine other load only ever slows a round down, so the best round is the
            // least disturbed estimate; the median is shown beside it.
            double none = runs[0].Max(), fifty = runs[50].Max(), every = runs[1].Max();
            double noneMedian = Median(runs[0]), fiftyMedian = Median(runs[50]), everyMedian = Median(runs[1]);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {none:N0} ({noneMedian:N0}) | {fifty:N0} ({fiftyMedian:N0}) | {(none / fifty - 1) * 100:F1} % ({(noneMedian / fiftyMedian - 1) * 100:F1} %) | {every:N0} ({everyMedian:N0}) | {(none / every - 1) * 100:F1} % ({(noneMedian / everyMedian - 1) * 100:F1} %) |"));
        }
        return string.Join(Environment.NewLine, lines);
    }

    private static double Measure(Experiment experiment, TrainingData data, int? cadence)
    {
        if (cadence is null) return new Trainer(experiment).Train(data).SamplesPerSecond;
        using var monitor = new HealthMonitor(new HealthOptions { Cadence = cadence.Value });
        return new Trainer(experiment).Train(data, [monitor]).SamplesPerSecond;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
