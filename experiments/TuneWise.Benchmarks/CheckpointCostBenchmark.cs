using System.Diagnostics;
using System.Globalization;
using TuneWise.Core.Experiments;
using TuneWise.Models.Data;
using TuneWise.Models.Training;

namespace TuneWise.Benchmarks;

/// <summary>
/// What a checkpoint at the end of every epoch costs the overnight CNN (fashion-mnist-cnn-tune.json's
/// network, optimizer and schedule): the time from an epoch's end to the next event with and without
/// a checkpoint, against the epoch's own time, on the full data when installed (else the bundled 10,000).
/// </summary>
internal static class CheckpointCostBenchmark
{
    public static string Run()
    {
        var file = ExperimentLoader.Load(Path.Combine("experiments", "fashion-mnist-cnn-tune.json"));
        var experiment = file with { Training = file.Training with { Epochs = 2 } };
        var data = ExperimentData.Load(experiment);
        var lines = new List<string> { $"The overnight CNN (channels [32, 64], dense [128], batch norm, Adam, cosine), 2 epochs on {data.Train.Count:N0} training images:", "", "| checkpoint | epoch seconds (training steps) | seconds from epoch 1's end to epoch 2's first gradients | checkpoint size |", "|---|---|---|---|" };
        foreach (bool withCheckpoint in new[] { false, true })
        {
            var folder = Path.Combine(Path.GetTempPath(), $"tunewise-checkpoint-cost-{Environment.ProcessId}");
            var clock = new EpochEnds();
            var result = new Trainer(experiment).Train(data, [clock], checkpoint: withCheckpoint ? new TrainingCheckpoint(folder) : null);
            long bytes = Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {(withCheckpoint ? "every epoch" : "none")} | {result.Epochs.Average(e => e.TrainSeconds):F1} | {clock.AfterEpoch[0]:F3} | {(bytes > 0 ? $"{bytes / 1048576.0:F1} MB" : "–")} |"));
        }
        return string.Join(Environment.NewLine, lines);
    }

    // The time from each epoch's end (after its evaluation) to the next step's gradients, or to the end
    // of training (which evaluates the test split first): the checkpoint is written in between.
    private sealed class EpochEnds : ITrainingObserver
    {
        private Stopwatch? _since;
        public List<double> AfterEpoch { get; } = [];
        public void OnEpochCompleted(EpochMetrics epoch) => _since = Stopwatch.StartNew();
        public void OnGradients(StepContext step) => Stop();
        public void OnTrainingCompleted(TrainingResult result) => Stop();
        private void Stop()
        {
            if (_since is null) return;
            AfterEpoch.Add(_since.Elapsed.TotalSeconds);
            _since = null;
        }
    }
}
