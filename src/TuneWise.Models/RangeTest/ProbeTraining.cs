using TorchSharp;
using TuneWise.Core.Experiments;
using TuneWise.Models.Data;
using TuneWise.Models.Training;
using static TorchSharp.torch;

namespace TuneWise.Models.RangeTest;

/// <summary>
/// The training loop as the range test's probes ride on it: the model trained in place on whole
/// shuffled batches, at a rate of the probe's own each step, with no validation pass, for at most a
/// given number of steps or until an observer stops it. The trainer's own step, so a probe trains as
/// the trials will (l2, clipping, decoupled weight decay). The caller restores the model afterwards.
/// </summary>
internal static class ProbeTraining
{
    /// <summary>
    /// Trains <paramref name="model"/> for up to <paramref name="steps"/> steps of <paramref name="batch"/>
    /// samples, step <c>i</c> at <paramref name="learningRateAt"/>(i), telling <paramref name="observers"/>
    /// every stage of every step (and that training started).
    /// </summary>
    public static void Run(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Experiment experiment, TrainingData data, int batch, int steps,
        Func<int, double> learningRateAt, IReadOnlyList<ITrainingObserver> observers, CancellationToken cancellation)
    {
        model.train();
        int n = data.Train.Count, perEpoch = Math.Max(1, n / batch);
        var probe = experiment with
        {
            Training = experiment.Training with { BatchSize = batch, Epochs = steps / perEpoch + 1 },
            Data = experiment.Data with { Shuffle = true },
        };
        var named = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => (p.name, p.parameter)).ToList();
        var task = data.Train.Task;
        var run = new TrainingRun(model, optimizer, named, probe, perEpoch, n, task == TaskKind.Classification ? data.Train.ClassCount : 0);
        IReadOnlyList<ITrainingObserver> watched = [.. observers, new StepLimit(steps)];
        foreach (var o in watched) o.OnTrainingStarted(run);
        using var rng = new Generator((ulong)experiment.Seed);
        using (var loop = new TrainingLoop(probe, data with { Test = null }, model, new OptimizerStep(model, optimizer, named.Select(p => p.parameter).ToList(), probe.Training, task),
            CPU, rng, augmentation: null, watched, new StepContext(run), checkpoint: null, cancellation, evaluate: false, dropLast: true, learningRateAt: learningRateAt))
        {
            for (int epoch = 0; epoch < probe.Training.Epochs && loop.Stop == StopReason.Completed; epoch++) loop.RunEpoch(epoch);
        }
        cancellation.ThrowIfCancellationRequested();
    }

    // Ends the probe after its steps; the observers before it have seen the last one.
    private sealed class StepLimit(int steps) : ITrainingObserver
    {
        public void OnStepCompleted(StepContext step)
        {
            if (step.Step + 1 >= steps) step.RequestStop("the probe's steps are done");
        }
    }
}
