namespace TuneWise.Models.Data;

/// <summary>The splits a trainer works with, already normalised.</summary>
/// <param name="Train">Samples the model learns from.</param>
/// <param name="Validation">Samples evaluated after every epoch.</param>
/// <param name="Test">Samples evaluated once at the end, or null.</param>
public sealed record TrainingData(Dataset Train, Dataset Validation, Dataset? Test)
{
    /// <summary>The feature scaling fitted on the training split and applied to every split; null when none was fitted.</summary>
    public Normalizer? FeatureScaling { get; init; }

    /// <summary>How regression targets were standardised (<c>data.normalizeTarget</c>); null when they are in their own units.</summary>
    public TargetScaling? TargetScaling { get; init; }

    /// <summary>
    /// What a loss on these targets is multiplied by to be in the target's own units: the variance
    /// the regression targets were divided by when standardised, else 1.
    /// </summary>
    public double LossScale => TargetScaling is { } t ? t.Deviation * t.Deviation : 1;

    /// <summary>Features per sample.</summary>
    public int[] SampleShape => Train.SampleShape;
    /// <summary>Number of network outputs: classes, or 1 for regression.</summary>
    public int OutputCount => Train.Task == Core.Experiments.TaskKind.Classification ? Train.ClassCount : 1;
}

/// <summary>Regression targets were trained on as <c>(target − Mean) / Deviation</c>; a prediction is turned back with <c>output · Deviation + Mean</c>.</summary>
/// <param name="Mean">Mean of the training targets.</param>
/// <param name="Deviation">Standard deviation of the training targets (positive).</param>
public sealed record TargetScaling(double Mean, double Deviation);
