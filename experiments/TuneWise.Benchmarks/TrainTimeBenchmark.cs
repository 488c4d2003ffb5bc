using System.Diagnostics;
using System.Globalization;
using TuneWise.Core.Experiments;
using TuneWise.Models.Data;
using TuneWise.Models.Health;
using TuneWise.Models.Health.Preflight;
using TuneWise.Models.Training;

namespace TuneWise.Benchmarks;

/// <summary>
/// Where one <c>tunewise train</c> run's time goes, step by step as the command runs it: loading the
/// data, each preflight check, the training steps (with the health monitor's share), and the rest
/// (evaluation after each epoch, building the model). Fresh process state matters: first calls into
/// libtorch are part of what a user waits for, so each model is measured in the order given, once.
/// </summary>
internal static class TrainTimeBenchmark
{
    public static string Run()
    {
        var bundled = Path.Combine("data", "fashion-mnist");
        var cases = new (string Name, Experiment Experiment)[]
        {
            ("quick-start MLP (experiments/quickstart.json as trained by `train`)", ExperimentLoader.Load(Path.Combine("experiments", "quickstart.json"))),
            ("experiments/diagnose-deep-sigmoid.json (3,000 images, 3 epochs)", ExperimentLoader.Load(Path.Combine("experiments", "diagnose-deep-sigmoid.json"))),
            ("experiments/fashion-mnist-mlp.json (full data when installed, 20 epochs)", ExperimentLoader.Load(Path.Combine("experiments", "fashion-mnist-mlp.json"))),
            ("experiments/fashion-mnist-cnn.json (full data when installed, 8 epochs)", ExperimentLoader.Load(Path.Combine("experiments", "fashion-mnist-cnn.json"))),
            ("ResNet 8-16, 1 block, 1,500 images, 1 epoch (not a README experiment: the run of the diagnosis issue)", new Experiment
            {
                Data = new DataSection { Path = Path.GetFullPath(bundled), TrainLimit = 1500 },
                Model = new ModelSection { Kind = ModelKind.ResNet, Channels = [8, 16], Blocks = 1 },
                Training = new TrainingSection { Epochs = 1 },
            }),
        };
        var lines = new List<string> { "| run | total | training steps | of which health monitor | load data | preflight (slowest check) | evaluation and the rest | outside training steps |", "|---|---|---|---|---|---|---|---|" };
        foreach (var (name, experiment) in cases)
        {
            var total = Stopwatch.StartNew();
            var load = Stopwatch.StartNew();
            var data = ExperimentData.Load(experiment);
            load.Stop();
            var trainer = new Trainer(experiment);
            var context = new PreflightContext(experiment, data, () => trainer.BuildModel(data), HealthOptions.From(experiment.Health).Thresholds);
            double preflight = 0, slowest = 0;
            string slowestCode = "";
            foreach (var check in PreflightChecks.All())
            {
                var clock = Stopwatch.StartNew();
                _ = check.Check(context).ToList();
                double s = clock.Elapsed.TotalSeconds;
                preflight += s;
                if (s > slowest) (slowest, slowestCode) = (s, check.Code);
            }
            using var monitor = new HealthMonitor(HealthOptions.From(experiment.Health));
            var result = trainer.Train(data, [monitor]);
            double all = total.Elapsed.TotalSeconds, steps = result.TrainSeconds;
            double rest = all - steps - load.Elapsed.TotalSeconds - preflight;
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {all:F2} s | {steps:F2} s | {monitor.TimeSpent.TotalSeconds:F2} s | {load.Elapsed.TotalSeconds:F2} s | {preflight:F2} s ({slowestCode} {slowest:F2} s) | {rest:F2} s | **{(all - steps) / all:P0}** |"));
            Console.Error.WriteLine(lines[^1]);
        }
        lines.Add("");
        lines.Add("Target: the time outside training steps ≤ 25 % for the README's experiments.");
        return string.Join(Environment.NewLine, lines);
    }
}
