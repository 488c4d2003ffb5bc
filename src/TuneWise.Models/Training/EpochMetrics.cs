namespace TuneWise.Models.Training;

/// <summary>What one epoch achieved.</summary>
public sealed record EpochMetrics
{
    /// <summary>0-based epoch, as the trainer and observers count.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Epoch { get; init; }

    /// <summary>1-based epoch number, as tables, logs and JSON output show it.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("epoch")]
    public int Number => Epoch + 1;
    /// <summary>Mean data loss over the epoch's training steps.</summary>
    public double TrainLoss { get; init; }
    /// <summary>Mean <c>l2</c> penalty over the epoch's steps (0 when off).</summary>
    public double TrainRegularizationLoss { get; init; }
    /// <summary>Training accuracy over the epoch (classification), measured on the fly in train mode.</summary>
    public double? TrainAccuracy { get; init; }
    /// <summary>Validation loss (cross-entropy or MSE).</summary>
    public double ValidationLoss { get; init; }
    /// <summary>Validation accuracy (classification).</summary>
    public double? ValidationAccuracy { get; init; }
    /// <summary>Validation accuracy averaged over the classes (classification).</summary>
    public double? ValidationMacroAccuracy { get; init; }
    /// <summary>Validation AUC of the positive class (two classes).</summary>
    public double? ValidationAuc { get; init; }
    /// <summary>Validation F1 score of the positive class (two classes).</summary>
    public double? ValidationF1 { get; init; }
    /// <summary>Validation R² (regression).</summary>
    public double? ValidationRSquared { get; init; }
    /// <summary>Validation root mean squared error in the target's units (regression).</summary>
    public double? ValidationRmse { get; init; }
    /// <summary>Validation mean absolute error in the target's units (regression).</summary>
    public double? ValidationMae { get; init; }
    /// <summary>Learning rate at the end of the epoch.</summary>
    public double LearningRate { get; init; }
    /// <summary>Share of the epoch's steps in which clipping changed the gradients.</summary>
    public double ClipActiveFraction { get; init; }
    /// <summary>Largest pre-clip global gradient norm of the epoch (null when clipping is off).</summary>
    public double? MaxPreClipGradientNorm { get; init; }
    /// <summary>Wall-clock seconds of the epoch's training steps (evaluation excluded).</summary>
    public double TrainSeconds { get; init; }
}
