using TuneWise.Core.Experiments;

namespace TuneWise.MLNet;

/// <summary>The three ML.NET catalogs the neural trainer appears in.</summary>
public enum PredictionKind
{
    /// <summary>Key label, one probability per class, key-valued predicted label.</summary>
    Multiclass,
    /// <summary>Boolean label, score, probability and Boolean predicted label.</summary>
    Binary,
    /// <summary>Single label and score.</summary>
    Regression,
}

internal static class PredictionKinds
{
    public static TaskKind Task(this PredictionKind kind) => kind == PredictionKind.Regression ? TaskKind.Regression : TaskKind.Classification;
}
