namespace TuneWise.Models.Training;

/// <summary>Why training ended.</summary>
public enum StopReason
{
    /// <summary>All epochs ran.</summary>
    Completed,
    /// <summary>The caller cancelled.</summary>
    Cancelled,
    /// <summary>An observer asked to stop (see <see cref="TrainingResult.StopMessage"/>).</summary>
    StoppedByObserver,
}

/// <summary>The outcome of one training run.</summary>
public sealed record TrainingResult
{
    /// <summary>Why training ended.</summary>
    public StopReason StopReason { get; init; }
    /// <summary>The observer's reason when it stopped training.</summary>
    public string? StopMessage { get; init; }
    /// <summary>Per-epoch metrics.</summary>
    public IReadOnlyList<EpochMetrics> Epochs { get; init; } = [];
    /// <summary>Data loss of every step, in order.</summary>
    public IReadOnlyList<float> StepLosses { get; init; } = [];
    /// <summary>Optimizer steps taken.</summary>
    public int Steps { get; init; }
    /// <summary>Validation loss after the last epoch.</summary>
    public double? FinalValidationLoss => Epochs.Count > 0 ? Epochs[^1].ValidationLoss : null;
    /// <summary>Validation accuracy after the last epoch.</summary>
    public double? FinalValidationAccuracy => Epochs.Count > 0 ? Epochs[^1].ValidationAccuracy : null;
    /// <summary>Test loss, when a test split exists.</summary>
    public double? TestLoss { get; init; }
    /// <summary>Test accuracy, when a test split exists (classification).</summary>
    public double? TestAccuracy { get; init; }
    /// <summary>Wall-clock seconds of all training steps.</summary>
    public double TrainSeconds { get; init; }
    /// <summary>Training throughput.</summary>
    public double SamplesPerSecond { get; init; }
    /// <summary>Number of trainable parameters.</summary>
    public long ParameterCount { get; init; }
}
