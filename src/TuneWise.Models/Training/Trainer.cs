using System.Diagnostics;
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
    private static readonly TimeSpan ProgressNoteInterval = TimeSpan.FromSeconds(5);
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
        var task = data.Train.Task;
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
        var optimizerStep = new OptimizerStep(model, optimizer, parameters, t, task);

        using var trainX = ToInputs(data.Train);
        using var trainY = ToTargets(data.Train);
        using var validX = ToInputs(data.Validation);
        using var validY = ToTargets(data.Validation);
        int n = data.Train.Count;
        int batch = t.BatchSize;
        int stepsPerEpoch = (n + batch - 1) / batch;
        int totalSteps = stepsPerEpoch * t.Epochs;
        // A dedicated generator: shuffling order does not depend on how much randomness dropout used.
        using var shuffleRng = new Generator((ulong)_experiment.TrainingSeed);
        using var augmentation = Augmentation.For(_experiment, data.SampleShape);

        var epochs = new List<EpochMetrics>();
        var stepLosses = new List<float>(totalSteps);
        int step = 0, firstEpoch = 0;
        double trainSeconds = 0;
        long samplesSeen = 0;
        double lr = t.LearningRate;
        if (checkpoint?.Restore(model, optimizer, shuffleRng, augmentation?.Random) is { } resumed)
        {
            (firstEpoch, step, trainSeconds, samplesSeen, lr) = (resumed.State.EpochsDone, resumed.State.Step, resumed.State.TrainSeconds, resumed.State.SamplesSeen, resumed.State.LearningRate);
            epochs.AddRange(resumed.State.Epochs);
            stepLosses.AddRange(resumed.StepLosses);
        }

        observers ??= [];
        bool observed = observers.Count > 0;
        var run = new TrainingRun(model, optimizer, named, _experiment, stepsPerEpoch, n, task == TaskKind.Classification ? data.Train.ClassCount : 0);
        var context = observed ? new StepContext(run) : null;
        foreach (var o in observers) o.OnTrainingStarted(run);
        if (checkpoint?.TakeEpochsLost(firstEpoch) is { Resumed: true, Lost: var lost })
            foreach (var o in observers) o.OnResumed(firstEpoch, lost);
        // A resumed run replays its restored epochs, so observers (the study's reports, the pruners,
        // the monitor's epoch history) see every epoch once, as in an uninterrupted run.
        foreach (var restored in epochs)
            foreach (var o in observers) o.OnEpochCompleted(restored);

        var stop = StopReason.Completed;
        string? stopMessage = null;
        if (run.EpochStopRequest is { } replayStop) { stop = StopReason.StoppedByObserver; stopMessage = replayStop; }

        // How far an epoch has got is noted this often, so an interruption's cost can be told on resume.
        var progressNoted = Stopwatch.StartNew();
        for (int epoch = firstEpoch; epoch < t.Epochs && stop == StopReason.Completed; epoch++)
        {
            var clock = Stopwatch.StartNew();
            using var order = _experiment.Data.Shuffle ? randperm(n, generator: shuffleRng) : arange(n);
            double lossSum = 0, l2Sum = 0, maxPreClip = 0;
            // Counted on the tensor side and read once per epoch: a per-step read costs a native round trip.
            using var correct = zeros(1, ScalarType.Int64, device: device);
            int clippedSteps = 0, epochSteps = 0;
            for (int start = 0; start < n; start += batch)
            {
                if (cancellation.IsCancellationRequested)
                {
                    checkpoint?.NoteProgress(epoch, epochSteps, stepsPerEpoch);
                    stop = StopReason.Cancelled;
                    break;
                }
                if (checkpoint is not null && progressNoted.Elapsed >= ProgressNoteInterval)
                {
                    checkpoint.NoteProgress(epoch, epochSteps, stepsPerEpoch);
                    progressNoted.Restart();
                }
                using var scope = NewDisposeScope();
                lr = LearningRateSchedule.At(t, step, stepsPerEpoch, totalSteps);
                if (t.Schedule != ScheduleKind.Constant) optimizerStep.SetLearningRate(lr);

                int size = Math.Min(batch, n - start);
                var index = order.narrow(0, start, size);
                var x = trainX.index_select(0, index).to(device);
                var y = trainY.index_select(0, index).to(device);
                if (augmentation is not null) x = augmentation.Apply(x);
                var (output, dataLoss, l2) = optimizerStep.Backward(x, y);

                float lossValue = dataLoss.item<float>();
                float l2Value = l2 is null ? 0 : l2.item<float>();
                stepLosses.Add(lossValue);
                lossSum += lossValue;
                l2Sum += l2Value;
                if (task == TaskKind.Classification) correct.add_(output.argmax(1).eq(y).sum());

                if (context is not null)
                {
                    context.Reset(step, epoch, lr, x, y, dataLoss, l2);
                    context.SetKnownLosses(lossValue, l2Value);
                    foreach (var o in observers) o.OnGradients(context);
                }
                if (optimizerStep.Clip() is { } clip)
                {
                    maxPreClip = Math.Max(maxPreClip, clip.PreClipNorm);
                    if (clip.Clipped) clippedSteps++;
                    if (context is not null) { context.PreClipGradientNorm = clip.PreClipNorm; context.Clipped = clip.Clipped; }
                }
                if (context is not null) foreach (var o in observers) o.OnClipped(context);
                optimizerStep.Update(lr);
                step++;
                epochSteps++;
                samplesSeen += size;
                if (context is not null)
                {
                    foreach (var o in observers) o.OnStepCompleted(context);
                    if (context.StopRequest is { } reason) { stop = StopReason.StoppedByObserver; stopMessage = reason; break; }
                }
            }
            clock.Stop();
            trainSeconds += clock.Elapsed.TotalSeconds;
            if (epochSteps == 0) break;
            var valid = Evaluator.EvaluateAll(model, validX, validY, task);
            double unit = Math.Sqrt(data.LossScale);   // standardised target units → the target's own
            var metrics = new EpochMetrics
            {
                Epoch = epoch,
                // Losses in the target's own units (data.normalizeTarget trains on standardised targets).
                TrainLoss = lossSum / epochSteps * data.LossScale,
                TrainRegularizationLoss = l2Sum / epochSteps,
                TrainAccuracy = task == TaskKind.Classification ? (double)correct.item<long>() / Math.Min(n, (long)epochSteps * batch) : null,
                ValidationLoss = valid.Loss * data.LossScale,
                ValidationAccuracy = valid.Accuracy,
                ValidationMacroAccuracy = valid.MacroAccuracy,
                ValidationAuc = valid.Auc,
                ValidationF1 = valid.F1,
                ValidationRSquared = valid.RSquared,
                ValidationRmse = valid.Rmse * unit,
                ValidationMae = valid.Mae * unit,
                LearningRate = lr,
                ClipActiveFraction = (double)clippedSteps / epochSteps,
                MaxPreClipGradientNorm = t.Clip.Mode == ClipMode.None ? null : maxPreClip,
                TrainSeconds = clock.Elapsed.TotalSeconds,
            };
            epochs.Add(metrics);
            foreach (var o in observers) o.OnEpochCompleted(metrics);
            // Only a whole epoch is worth resuming from: a cancelled or stopped one ends here.
            if (checkpoint is not null && stop == StopReason.Completed)
            {
                checkpoint.Save(model, optimizer, shuffleRng, augmentation?.Random, new TrainingCheckpoint.State
                    {
                        EpochsDone = epoch + 1, Step = step, TrainSeconds = trainSeconds, SamplesSeen = samplesSeen, LearningRate = lr, Epochs = epochs,
                    }, stepLosses);
                checkpoint.NoteProgress(epoch + 1, 0, stepsPerEpoch);
                progressNoted.Restart();
            }
            if (stop == StopReason.Completed && run.EpochStopRequest is { } epochStop) { stop = StopReason.StoppedByObserver; stopMessage = epochStop; }
        }

        double? testLoss = null, testAccuracy = null;
        if (data.Test is { } test)
        {
            using var testX = ToInputs(test);
            using var testY = ToTargets(test);
            (testLoss, testAccuracy) = Evaluator.Evaluate(model, testX, testY, task);
            testLoss *= data.LossScale;
        }
        var result = new TrainingResult
        {
            StopReason = stop,
            StopMessage = stopMessage,
            Epochs = epochs,
            StepLosses = stepLosses,
            Steps = step,
            TestLoss = testLoss,
            TestAccuracy = testAccuracy,
            TrainSeconds = trainSeconds,
            SamplesPerSecond = trainSeconds > 0 ? samplesSeen / trainSeconds : 0,
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
