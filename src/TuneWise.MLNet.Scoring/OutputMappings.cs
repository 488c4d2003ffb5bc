using System.ComponentModel;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace TuneWise.MLNet.Scoring;

// ONNX Runtime hands every output to ML.NET as a vector (ML.NET cannot read rank-0 outputs), while
// ML.NET's evaluators want scalar Score, Probability and PredictedLabel columns. These stateless
// custom mappings turn the one-element vectors into scalars. They hold no weights, so ML.NET's model
// file storing only their contract name loses nothing; ML.NET finds them again by that name when
// the model is loaded.

/// <summary>A one-element score vector written by the exported network.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class NetworkScore
{
    /// <summary>The raw score (binary) or the prediction (regression).</summary>
    [ColumnName(NetworkColumns.Score), VectorType(1)] public float[] Score { get; set; } = [];
}

/// <summary>The binary outputs of the exported network.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class NetworkBinaryOutputs
{
    /// <summary>The positive class's margin.</summary>
    [ColumnName(NetworkColumns.Score), VectorType(1)] public float[] Score { get; set; } = [];
    /// <summary>The positive class's probability.</summary>
    [ColumnName(NetworkColumns.Probability), VectorType(1)] public float[] Probability { get; set; } = [];
}

/// <summary>The most probable class written by the exported network.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class NetworkClassIndex
{
    /// <summary>The class, 0-based.</summary>
    [ColumnName(NetworkColumns.ClassIndex), VectorType(1)] public long[] Index { get; set; } = [];
}

/// <summary>A regression prediction as ML.NET's regression evaluator reads it.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RegressionPrediction
{
    /// <summary>The prediction.</summary>
    public float Score { get; set; }
}

/// <summary>A binary prediction as ML.NET's binary evaluator reads it.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class BinaryPrediction
{
    /// <summary>The positive class's margin: positive means true.</summary>
    public float Score { get; set; }
    /// <summary>The positive class's probability.</summary>
    public float Probability { get; set; }
    /// <summary>Score &gt; 0.</summary>
    public bool PredictedLabel { get; set; }
}

/// <summary>The predicted class as an index, before it becomes a key of the label's values.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ClassIndexPrediction
{
    /// <summary>The class, 0-based.</summary>
    [ColumnName(NetworkColumns.PredictedIndex)] public uint Index { get; set; }
}

/// <summary>Makes a regression prediction scalar.</summary>
[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(Contract)]
public sealed class RegressionPredictionMapping : CustomMappingFactory<NetworkScore, RegressionPrediction>
{
    /// <summary>The contract name stored in ML.NET model files.</summary>
    public const string Contract = "TuneWise.RegressionPrediction";
    /// <inheritdoc />
    public override Action<NetworkScore, RegressionPrediction> GetMapping() => (input, output) => output.Score = input.Score[0];
}

/// <summary>Makes a binary prediction scalar and thresholds it.</summary>
[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(Contract)]
public sealed class BinaryPredictionMapping : CustomMappingFactory<NetworkBinaryOutputs, BinaryPrediction>
{
    /// <summary>The contract name stored in ML.NET model files.</summary>
    public const string Contract = "TuneWise.BinaryPrediction";
    /// <inheritdoc />
    public override Action<NetworkBinaryOutputs, BinaryPrediction> GetMapping() => (input, output) =>
    {
        output.Score = input.Score[0];
        output.Probability = input.Probability[0];
        output.PredictedLabel = input.Score[0] > 0;
    };
}

/// <summary>Makes the predicted class index scalar.</summary>
[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(Contract)]
public sealed class ClassIndexMapping : CustomMappingFactory<NetworkClassIndex, ClassIndexPrediction>
{
    /// <summary>The contract name stored in ML.NET model files.</summary>
    public const string Contract = "TuneWise.ClassIndex";
    /// <inheritdoc />
    public override Action<NetworkClassIndex, ClassIndexPrediction> GetMapping() => (input, output) => output.Index = (uint)input.Index[0];
}
