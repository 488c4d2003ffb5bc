using TorchSharp;
using TorchSharp.Modules;
using TuneWise.Models.Data;
using TuneWise.Models.Runtime;
using TuneWise.Models.Zoo;
using TuneWise.Core.Experiments;
using static TorchSharp.torch;

namespace TuneWise.Models.Training;

/// <summary>
/// Trains one configuration: the experiment's model, optimizer, regularization, clipping and
/// schedule on its data, evaluating the validation split after every epoch. Seeded and
/// deterministic on CPU; one dispose scope per batch so memory stays flat.
/// </summary>
public sealed class Trainer
{
    private readonly Experiment _experiment;
    private readonly ModelFactory? _modelFactory;

    /// <summary>Creates a trainer for <paramref name="experiment"/>.</summary>
    /// <param name="experiment">What to train and how.</param>
    /// <param name="modelFactory">A network of the user's own, in place of the model zoo's.</param>
    public Trainer(Experiment experiment, ModelFactory? modelFactory = null)
    {
        _experiment = experiment;
        _modelFactory = modelFactory;
    }

    /// <summary>The model of the last run, for evaluation or saving after <see cref="Train"/>.</summary>
    public nn.Module<Tensor, Tensor>? Model { get; private set; }

    /// <summary>Builds the model the experiment describes (or the user's), seeded.</summary>
    public nn.Module<Tensor, Tensor> BuildModel(TrainingData data)
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(_experiment.TrainingSeed);
        return Zoo.BatchNormCounters.Remove(_modelFactory?.Invoke(data.SampleShape, data.OutputCount)
            ?? ModelBuilder.Create(_experiment.Model, data.SampleShape, data.OutputCount));
    }

    /// <summary>Trains on <paramref name="data"/>, telling <paramref name="observers"/> about every step.</summary>
    /// <param name="data">The prepared splits.</param>
    /// <param name="observers">Told about every step and epoch.</param>
    /// <param name="cancellation">Stops at the next step.</param>
    /// <param name="checkpoint">
    /// Saved at the end of every epoch; when it holds epochs already, training resumes after them and
    /// ends as an uninterrupted run would.
    /// </param>
    public TrainingResult Train(TrainingData data, IReadOnlyList<ITrainingObserver>? observers = null, CancellationToken cancellation = default, TrainingCheckpoint? checkpoint = null)
    {
        var t = _experiment.Training;
        var device = TrainingDevice.Resolve(t.Device);
        var model = BuildModel(data);
        // The model and optimizer live on the device; the data stays in memory and moves per batch.
        model.to(device);
        Model = model;
        // A batch larger than the data would silently train one step per epoch on everything.
        if (t.BatchSize > data.Train.Count)
            throw new Core.UserInputException($"training.batchSize {t.BatchSize} is larger than the {data.Train.Count} training samples; use at most {data.Train.Count}");
        model.train();
        var named = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => (p.name, p.parameter)).ToList();
        var parameters = named.Select(p => p.parameter).ToList();
        using var optimizer = OptimizerFactory.Create(parameters, t);
        using var shuffle = new Generator((ulong)_experiment.TrainingSeed);
        using var augmentation = Augmentation.For(_experiment, data.SampleShape);
        observers ??= [];
        var run = new TrainingRun(model, optimizer, named, _experiment, (data.Train.Count + t.BatchSize - 1) / t.BatchSize, data.Train.Count,
            data.Train.Task == TaskKind.Classification ? data.Train.ClassCount : 0);
        using var loop = new TrainingLoop(_experiment, data, model, new OptimizerStep(model, optimizer, parameters, t, data.Train.Task), device, shuffle,
            augmentation, observers, observers.Count > 0 ? new StepContext(run) : null, checkpoint, cancellation);

        var epochs = new List<EpochMetrics>();
        int firstEpoch = 0;
        if (checkpoint?.Restore(model, optimizer, shuffle, augmentation?.Random) is { } resumed)
        {
            firstEpoch = resumed.State.EpochsDone;
            (loop.Step, loop.TrainSeconds, loop.SamplesSeen, loop.LearningRate) = (resumed.State.Step, resumed.State.TrainSeconds, resumed.State.SamplesSeen, resumed.State.LearningRate);
            epochs.AddRange(resumed.State.Epochs);
            loop.StepLosses.AddRange(resumed.StepLosses);
        }
        foreach (var o in observers) o.OnTrainingStarted(run);
        if (checkpoint?.TakeEpochsLost(firstEpoch) is { Resumed: true, Lost: var lost })
            foreach (var o in observers) o.OnResumed(firstEpoch, lost);
        // A resumed run replays its restored epochs, so observers (the study's reports, the pruners,
        // the monitor's epoch history) see every epoch once, as in an uninterrupted run.
        foreach (var restored in epochs)
            foreach (var o in observers) o.OnEpochCompleted(restored);
        if (run.EpochStopRequest is { } replayStop) (loop.Stop, loop.StopMessage) = (StopReason.StoppedByObserver, replayStop);

        for (int epoch = firstEpoch; epoch < t.Epochs && loop.Stop == StopReason.Completed; epoch++)
        {
            if (loop.RunEpoch(epoch) is not { } metrics) break;
            epochs.Add(metrics);
            foreach (var o in observers) o.OnEpochCompleted(metrics);
            // Only a whole epoch is worth resuming from: a cancelled or stopped one ends here.
            if (checkpoint is not null && loop.Stop == StopReason.Completed)
            {
                checkpoint.Save(model, optimizer, shuffle, augmentation?.Random, new TrainingCheckpoint.State
                    {
                        EpochsDone = epoch + 1, Step = loop.Step, TrainSeconds = loop.TrainSeconds, SamplesSeen = loop.SamplesSeen, LearningRate = loop.LearningRate, Epochs = epochs,
                    }, loop.StepLosses);
                loop.NoteEpochStart(epoch + 1);
            }
            if (loop.Stop == StopReason.Completed && run.EpochStopRequest is { } epochStop) (loop.Stop, loop.StopMessage) = (StopReason.StoppedByObserver, epochStop);
        }

        double? testLoss = null, testAccuracy = null;
        if (data.Test is { } test)
        {
            using var testX = ToInputs(test);
            using var testY = ToTargets(test);
            (testLoss, testAccuracy) = Evaluator.Evaluate(model, testX, testY, data.Train.Task);
            testLoss *= data.LossScale;
        }
        var result = new TrainingResult
        {
            StopReason = loop.Stop,
            StopMessage = loop.StopMessage,
            Epochs = epochs,
            StepLosses = loop.StepLosses,
            Steps = loop.Step,
            TestLoss = testLoss,
            TestAccuracy = testAccuracy,
            TrainSeconds = loop.TrainSeconds,
            SamplesPerSecond = loop.TrainSeconds > 0 ? loop.SamplesSeen / loop.TrainSeconds : 0,
            ParameterCount = parameters.Sum(p => p.numel()),
        };
        foreach (var o in observers) o.OnTrainingCompleted(result);
        return result;
    }

    /// <summary>All samples of a split as one tensor shaped [n, ..sampleShape].</summary>
    public static Tensor ToInputs(Dataset data) =>
        tensor(data.Features, [data.Count, .. data.SampleShape.Select(d => (long)d)]);

    /// <summary>All targets of a split: int64 class indices or float values.</summary>
    public static Tensor ToTargets(Dataset data) =>
        data.Task == TaskKind.Classification
            ? tensor(data.Targets.Select(v => (long)v).ToArray())
            : tensor(data.Targets);
}
