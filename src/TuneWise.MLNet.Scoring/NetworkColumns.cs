using System.ComponentModel;

namespace TuneWise.MLNet.Scoring;

/// <summary>
/// Names of the columns the exported network writes and the scoring pipeline passes between its
/// steps. They are stored in saved models, so they never change.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class NetworkColumns
{
    /// <summary>Multiclass: class probabilities (softmax), one per class.</summary>
    public const string Probabilities = "TuneWise.Probabilities";
    /// <summary>Multiclass: the most probable class, 0-based, as a one-element int64 vector.</summary>
    public const string ClassIndex = "TuneWise.ClassIndex";
    /// <summary>Binary: the raw score (logit of the positive class); regression: the prediction in target units. One-element vector.</summary>
    public const string Score = "TuneWise.Score";
    /// <summary>Binary: the probability of the positive class, one-element vector.</summary>
    public const string Probability = "TuneWise.Probability";
    /// <summary>Multiclass: the predicted class's 0-based index as a scalar (intermediate column).</summary>
    public const string PredictedIndex = "TuneWise.PredictedIndex";
}
