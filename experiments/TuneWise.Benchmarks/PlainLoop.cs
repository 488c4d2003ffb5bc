using TorchSharp;
using TuneWise.Models.Data;
using TuneWise.Models.Training;
using TuneWise.Models.Zoo;
using TuneWise.Core.Experiments;
using static TorchSharp.torch;

namespace TuneWise.Benchmarks;

/// <summary>
/// The baseline: the shortest correct TorchSharp training loop for the same model, data,
/// optimizer and batch size — shuffle, index, forward, loss, backward, step, read the loss.
/// </summary>
internal static class PlainLoop
{
    public static double SamplesPerSecond(Experiment experiment, TrainingData data)
    {
        manual_seed(experiment.Seed);
        var model = ModelBuilder.Create(experiment.Model, data.SampleShape, data.OutputCount);
        model.train();
        using var optimizer = optim.Adam(model.parameters(), experiment.Training.LearningRate);
        using var x = Trainer.ToInputs(data.Train);
        using var y = Trainer.ToTargets(data.Train);
        int n = data.Train.Count, batch = experiment.Training.BatchSize;
        long samples = 0;
        double lossSum = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int epoch = 0; epoch < experiment.Training.Epochs; epoch++)
        {
            using var order = randperm(n);
            for (int start = 0; start < n; start += batch)
            {
                using var scope = NewDisposeScope();
                var index = order.narrow(0, start, Math.Min(batch, n - start));
                var xb = x.index_select(0, index);
                var yb = y.index_select(0, index);
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.call(xb), yb);
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>();
                samples += xb.shape[0];
            }
        }
        clock.Stop();
        GC.KeepAlive(lossSum);
        return samples / clock.Elapsed.TotalSeconds;
    }
}
