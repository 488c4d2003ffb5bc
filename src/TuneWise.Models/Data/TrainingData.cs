namespace TuneWise.Models.Data;

/// <summary>The splits a trainer works with, already normalised.</summary>
/// <param name="Train">Samples the model learns from.</param>
/// <param name="Validation">Samples evaluated after every epoch.</param>
/// <param name="Test">Samples evaluated once at the end, or null.</param>
public sealed record TrainingData(Dataset Train, Dataset Validation, Dataset? Test)
{
    /// <summary>
    /// What a loss on these targets is multiplied by to be in the target's own units: the variance
    /// the regression targets were divided by when standardised (<c>data.normalizeTarget</c>), else 1.
    /// </summary>
    public double LossScale { get; init; } = 1;

    /// <summary>Features per sample.</summary>
    public int[] SampleShape => Train.SampleShape;
    /// <summary>Number of network outputs: classes, or 1 for regression.</summary>
    public int OutputCount => Train.Task == Core.Experiments.TaskKind.Classification ? Train.ClassCount : 1;
}
