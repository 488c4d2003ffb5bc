using System.Diagnostics;
using TorchSharp;
using TuneWise.Core.Experiments;
using TuneWise.Models.Data;
using static TorchSharp.torch;

namespace TuneWise.Models.Training;

/// <summary>
/// One run of <see cref="Trainer.Train"/> between its setup and its result: an epoch is a pass of
/// steps over the shuffled training split and an evaluation of the validation split; a step is one
/// batch through <see cref="OptimizerStep"/> with the observers told at each of its stages. It holds
/// the run's counters (step, samples, seconds, learning rate, step losses), which a checkpoint saves
/// and restores. The preflight's small-batch check and the learning-rate range test ride on it too,
/// with observers that read each step: they skip the validation pass (<c>evaluate</c>), and the
/// sweep takes whole batches only (<c>dropLast</c>, as PyTorch's data loader says it) at a rate of its
/// own each step (<c>learningRateAt</c>).
/// </summary>
internal sealed class TrainingLoop : IDisposable
{
    private static readonly TimeSpan ProgressNoteInterval = TimeSpan.FromSeconds(5);

    private readonly Experiment _experiment;
    private readonly TrainingData _data;
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly OptimizerStep _optimizerStep;
    private readonly Device _device;
    private readonly Tensor _trainX, _trainY;
    private readonly Tensor? _validX, _validY;
    private readonly Augmentation? _augmentation;
    private readonly IReadOnlyList<ITrainingObserver> _observers;
    private readonly StepContext? _context;
    private readonly TrainingCheckpoint? _checkpoint;
    private readonly CancellationToken _cancellation;
    private readonly bool _evaluate, _dropLast;
    private readonly Func<int, double>? _learningRateAt;
    // How far an epoch has got is noted this often, so an interruption's cost can be told on resume.
    private readonly Stopwatch _progressNoted = Stopwatch.StartNew();

    public TrainingLoop(Experiment experiment, TrainingData data, nn.Module<Tensor, Tensor> model, OptimizerStep optimizerStep, Device device,
        Generator shuffle, Augmentation? augmentation, IReadOnlyList<ITrainingObserver> observers, StepContext? context,
        TrainingCheckpoint? checkpoint, CancellationToken cancellation, bool evaluate = true, bool dropLast = false, Func<int, double>? learningRateAt = null)
    {
        (_dropLast, _learningRateAt) = (dropLast, learningRateAt);
        (_experiment, _data, _model, _optimizerStep, _device, Shuffle, _augmentation) = (experiment, data, model, optimizerStep, device, shuffle, augmentation);
        (_observers, _context, _checkpoint, _cancellation, _evaluate) = (observers, context, checkpoint, cancellation, evaluate);
        _trainX = Trainer.ToInputs(data.Train);
        _trainY = Trainer.ToTargets(data.Train);
        if (evaluate)
        {
            _validX = Trainer.ToInputs(data.Validation);
            _validY = Trainer.ToTargets(data.Validation);
        }
        int batch = experiment.Training.BatchSize;
        StepsPerEpoch = dropLast ? Samples / batch : (Samples + batch - 1) / batch;
        StepLosses = new List<float>(StepsPerEpoch * experiment.Training.Epochs);
        LearningRate = experiment.Training.LearningRate;
    }

    /// <summary>The shuffling order's own generator: the order does not depend on how much randomness dropout used.</summary>
    public Generator Shuffle { get; }

    /// <summary>Training samples.</summary>
    public int Samples => _data.Train.Count;

    /// <summary>Steps in a whole epoch.</summary>
    public int StepsPerEpoch { get; }

    /// <summary>Steps taken so far, over all epochs.</summary>
    public int Step { get; set; }

    /// <summary>The loss of every step so far.</summary>
    public List<float> StepLosses { get; }

    /// <summary>Seconds spent in training steps (not evaluation).</summary>
    public double TrainSeconds { get; set; }

    /// <summary>Training samples seen so far.</summary>
    public long SamplesSeen { get; set; }

    /// <summary>The learning rate of the last step.</summary>
    public double LearningRate { get; set; }

    /// <summary>How the last epoch ended: completed, cancelled, or stopped by an observer.</summary>
    public StopReason Stop { get; set; } = StopReason.Completed;

    /// <summary>Why an observer stopped the run.</summary>
    public string? StopMessage { get; set; }

    /// <summary>Runs epoch <paramref name="epoch"/>: its steps, then the validation. Null when no step ran (cancelled at once).</summary>
    public EpochMetrics? RunEpoch(int epoch)
    {
        var t = _experiment.Training;
        var task = _data.Train.Task;
        int n = Samples;
        var clock = Stopwatch.StartNew();
        using var order = _experiment.Data.Shuffle ? randperm(n, generator: Shuffle) : arange(n);
        var sums = new EpochSums();
        // Counted on the tensor side and read once per epoch: a per-step read costs a native round trip.
        using var correct = zeros(1, ScalarType.Int64, device: _device);
        for (int start = 0; _dropLast ? start + t.BatchSize <= n : start < n; start += t.BatchSize)
        {
            if (_cancellation.IsCancellationRequested)
            {
                _checkpoint?.NoteProgress(epoch, sums.Steps, StepsPerEpoch);
                Stop = StopReason.Cancelled;
                break;
            }
            if (_checkpoint is not null && _progressNoted.Elapsed >= ProgressNoteInterval)
            {
                _checkpoint.NoteProgress(epoch, sums.Steps, StepsPerEpoch);
                _progressNoted.Restart();
            }
            if (!TakeStep(epoch, order, start, Math.Min(t.BatchSize, n - start), correct, ref sums)) break;
        }
        clock.Stop();
        TrainSeconds += clock.Elapsed.TotalSeconds;
        if (sums.Steps == 0) return null;
        return Metrics(epoch, sums, task == TaskKind.Classification ? (double)correct.item<long>() / Math.Min(n, (long)sums.Steps * t.BatchSize) : null, clock.Elapsed);
    }

    /// <summary>Notes that the run stands at the start of epoch <paramref name="epoch"/>, after a checkpoint was saved.</summary>
    public void NoteEpochStart(int epoch)
    {
        _checkpoint?.NoteProgress(epoch, 0, StepsPerEpoch);
        _progressNoted.Restart();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _trainX.Dispose();
        _trainY.Dispose();
        _validX?.Dispose();
        _validY?.Dispose();
    }

    // One batch (samples start…start+size of the epoch's order): forward and backward, the observers at each stage, clipping, the update. False when an observer stops the run.
    private bool TakeStep(int epoch, Tensor order, int start, int size, Tensor correct, ref EpochSums sums)
    {
        var t = _experiment.Training;
        // Every tensor of the step, the batch's index included, is freed with the step.
        using var scope = NewDisposeScope();
        var index = order.narrow(0, start, size);
        LearningRate = _learningRateAt?.Invoke(Step) ?? LearningRateSchedule.At(t, Step, StepsPerEpoch, StepsPerEpoch * t.Epochs);
        if (_learningRateAt is not null || t.Schedule != ScheduleKind.Constant) _optimizerStep.SetLearningRate(LearningRate);

        var x = _trainX.index_select(0, index).to(_device);
        var y = _trainY.index_select(0, index).to(_device);
        if (_augmentation is not null) x = _augmentation.Apply(x);
        var (output, dataLoss, l2) = _optimizerStep.Backward(x, y);

        float lossValue = dataLoss.item<float>();
        float l2Value = l2 is null ? 0 : l2.item<float>();
        StepLosses.Add(lossValue);
        sums.Loss += lossValue;
        sums.Regularization += l2Value;
        if (_data.Train.Task == TaskKind.Classification) correct.add_(output.argmax(1).eq(y).sum());

        if (_context is not null)
        {
            _context.Reset(Step, epoch, LearningRate, x, y, dataLoss, l2);
            _context.SetKnownLosses(lossValue, l2Value);
            foreach (var o in _observers) o.OnGradients(_context);
        }
        if (_optimizerStep.Clip() is { } clip)
        {
            sums.MaxPreClip = Math.Max(sums.MaxPreClip, clip.PreClipNorm);
            if (clip.Clipped) sums.Clipped++;
            if (_context is not null) { _context.PreClipGradientNorm = clip.PreClipNorm; _context.Clipped = clip.Clipped; }
        }
        if (_context is not null) foreach (var o in _observers) o.OnClipped(_context);
        _optimizerStep.Update(LearningRate);
        Step++;
        sums.Steps++;
        SamplesSeen += size;
        if (_context is null) return true;
        foreach (var o in _observers) o.OnStepCompleted(_context);
        if (_context.StopRequest is not { } reason) return true;
        (Stop, StopMessage) = (StopReason.StoppedByObserver, reason);
        return false;
    }

    private EpochMetrics Metrics(int epoch, EpochSums sums, double? trainAccuracy, TimeSpan trainTime)
    {
        // A loop that only steps (a check of the model, not a training run) skips the validation pass.
        var valid = _evaluate ? Evaluator.EvaluateAll(_model, _validX!, _validY!, _data.Train.Task) : SplitMetrics.None;
        double unit = Math.Sqrt(_data.LossScale);   // standardised target units → the target's own
        return new EpochMetrics
        {
            Epoch = epoch,
            // Losses in the target's own units (data.normalizeTarget trains on standardised targets).
            TrainLoss = sums.Loss / sums.Steps * _data.LossScale,
            TrainRegularizationLoss = sums.Regularization / sums.Steps,
            TrainAccuracy = trainAccuracy,
            ValidationLoss = valid.Loss * _data.LossScale,
            ValidationAccuracy = valid.Accuracy,
            ValidationMacroAccuracy = valid.MacroAccuracy,
            ValidationAuc = valid.Auc,
            ValidationF1 = valid.F1,
            ValidationRSquared = valid.RSquared,
            ValidationRmse = valid.Rmse * unit,
            ValidationMae = valid.Mae * unit,
            LearningRate = LearningRate,
            ClipActiveFraction = (double)sums.Clipped / sums.Steps,
            MaxPreClipGradientNorm = _experiment.Training.Clip.Mode == ClipMode.None ? null : sums.MaxPreClip,
            TrainSeconds = trainTime.TotalSeconds,
        };
    }

    // What an epoch adds up over its steps.
    private struct EpochSums
    {
        public double Loss, Regularization, MaxPreClip;
        public int Clipped, Steps;
    }
}
