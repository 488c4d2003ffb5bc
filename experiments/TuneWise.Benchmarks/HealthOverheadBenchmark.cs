using System.Globalization;
using TuneWise.Models.Data;
using TuneWise.Models.Health;
using TuneWise.Models.Training;
using TuneWise.Core.Experiments;

namespace TuneWise.Benchmarks;

/// <summary>
/// What watching costs: the trainer alone against the trainer with the health monitor at its
/// default cadence (100 steps) and probing every step, alternating rounds in one process; and, inside
/// each monitored run, the time spent in the monitor's callbacks at cadences 100, 50 and 1.
/// </summary>
internal static class HealthOverheadBenchmark
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
            $"{data.Train.Count:N0} training samples, {rounds} alternating rounds; samples/s as best of the rounds (median in brackets):",
            "",
            "| model | no monitor | monitor, cadence 100 | slowdown best (median) | monitor, every step | slowdown best (median) | monitor's own time at cadence 100 / 50 / every step |",
            "|---|---|---|---|---|---|---|",
        };
        foreach (var (name, model, epochs) in cases)
        {
            var experiment = new Experiment { Seed = 1, Model = model, Training = new TrainingSection { Epochs = epochs, BatchSize = 64 } };
            var warmUp = experiment with { Training = experiment.Training with { Epochs = 1 } };
            var discard = new Dictionary<int, List<double>> { [100] = [] };
            Measure(warmUp, data, null, discard);
            Measure(warmUp, data, 100, discard);
            // Cadence 0 stands for no monitor at all.
            var runs = new Dictionary<int, List<double>> { [0] = [], [100] = [], [1] = [] };
            var ownShare = new Dictionary<int, List<double>> { [100] = [], [50] = [], [1] = [] };
            int[] order = [0, 100, 1];
            for (int r = 0; r < rounds; r++)
            {
                // Rotate the order each round so drift in machine load falls on every variant.
                foreach (var cadence in order.Skip(r % 3).Concat(order.Take(r % 3)))
                    runs[cadence].Add(Measure(experiment, data, cadence == 0 ? null : cadence, ownShare));
                OwnShare(experiment, data, 50, ownShare);
                Console.Error.WriteLine($"  {name} round {r + 1}: none {runs[0][^1]:N0}, cadence 100 {runs[100][^1]:N0}, every step {runs[1][^1]:N0}");
            }
            // On a shared machine other load only ever slows a round down, so the best round is the
            // least disturbed estimate; the median is shown beside it.
            double none = runs[0].Max(), atDefault = runs[100].Max(), every = runs[1].Max();
            double noneMedian = BenchmarkData.Median(runs[0]), atDefaultMedian = BenchmarkData.Median(runs[100]), everyMedian = BenchmarkData.Median(runs[1]);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {none:N0} ({noneMedian:N0}) | {atDefault:N0} ({atDefaultMedian:N0}) | {(none / atDefault - 1) * 100:F1} % ({(noneMedian / atDefaultMedian - 1) * 100:F1} %) | {every:N0} ({everyMedian:N0}) | {(none / every - 1) * 100:F1} % ({(noneMedian / everyMedian - 1) * 100:F1} %) | {BenchmarkData.Median(ownShare[100]) * 100:F1} % / {BenchmarkData.Median(ownShare[50]) * 100:F1} % / {BenchmarkData.Median(ownShare[1]) * 100:F1} % |"));
        }
        return string.Join(Environment.NewLine, lines);
    }

    private static double Measure(Experiment experiment, TrainingData data, int? cadence, Dictionary<int, List<double>> ownShare)
    {
        if (cadence is null) return new Trainer(experiment).Train(data).SamplesPerSecond;
        using var monitor = new HealthMonitor(new HealthOptions { Cadence = cadence.Value });
        var result = new Trainer(experiment).Train(data, [monitor]);
        ownShare[cadence.Value].Add(Share(monitor, result));
        return result.SamplesPerSecond;
    }

    private static void OwnShare(Experiment experiment, TrainingData data, int cadence, Dictionary<int, List<double>> ownShare)
    {
        using var monitor = new HealthMonitor(new HealthOptions { Cadence = cadence });
        ownShare[cadence].Add(Share(monitor, new Trainer(experiment).Train(data, [monitor])));
    }

    // The monitor's own time relative to the training time without it: measured inside one run,
    // so load from other processes inflates both sides alike.
    private static double Share(HealthMonitor monitor, TrainingResult result) =>
        monitor.TimeSpent.TotalSeconds / (result.TrainSeconds - monitor.TimeSpent.TotalSeconds);

}
