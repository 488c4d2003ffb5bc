using System.ComponentModel;
using Microsoft.ML;
using Microsoft.ML.Data;
using TuneWise.Core.Experiments;
using TuneWise.MLNet.Onnx;
using TuneWise.MLNet.Data;
using TuneWise.Models.Data;

namespace TuneWise.MLNet.Scoring;

/// <summary>
/// Turns an exported network into ML.NET transformers only (ONNX scoring, the scalar mappings, the
/// key of the predicted class), so <c>mlContext.Model.Save</c> stores the network's weights inside
/// ML.NET's own model file and <c>Load</c> gives the same predictions back.
/// </summary>
/// <remarks>
/// Output columns follow ML.NET's trainers: regression <c>Score</c>; binary <c>Score</c>,
/// <c>Probability</c> and Boolean <c>PredictedLabel</c>; multiclass <c>Score</c> (one probability per
/// class, in key order) and <c>PredictedLabel</c>, a key with the label's own key values, so
/// <c>MapKeyToValue</c> turns it back into the label's values.
/// </remarks>
internal static class ScoringPipeline
{
    /// <summary>The predicted class's 0-based index (intermediate column).</summary>
    public const string PredictedIndex = NetworkColumns.PredictedIndex;
    /// <summary>The predicted class's label value (intermediate column).</summary>
    public const string PredictedValue = "TuneWise.PredictedValue";
    /// <summary>ML.NET's score column.</summary>
    public const string Score = "Score";
    /// <summary>ML.NET's predicted-label column.</summary>
    public const string PredictedLabel = "PredictedLabel";

    /// <summary>Fits the scoring transformers on <paramref name="data"/>'s schema.</summary>
    /// <param name="ml">The context the transformers are made in.</param>
    /// <param name="onnx">The exported network.</param>
    /// <param name="signature">What the network reads and writes.</param>
    /// <param name="label">The training label column (multiclass: its key values name the classes).</param>
    /// <param name="data">Data with the feature column.</param>
    public static ITransformer Fit(MLContext ml, byte[] onnx, NetworkSignature signature, DataViewSchema.Column label, IDataView data)
    {
        var outputs = NetworkOutputs.For(signature.Task, signature.Classes);
        IEstimator<ITransformer> chain = ml.Transforms.ApplyOnnxModel(outputs, [signature.InputName], new MemoryStream(onnx));
        var intermediate = outputs.ToList();
        if (signature.Task == TaskKind.Regression)
            chain = chain.Append(ml.Transforms.CustomMapping(new RegressionPredictionMapping().GetMapping(), RegressionPredictionMapping.Contract));
        else if (signature.Classes == 2 && label.Type is BooleanDataViewType)
            chain = chain.Append(ml.Transforms.CustomMapping(new BinaryPredictionMapping().GetMapping(), BinaryPredictionMapping.Contract));
        else
        {
            chain = chain.Append(ml.Transforms.CopyColumns(Score, NetworkOutputs.Probabilities))
                .Append(ml.Transforms.CustomMapping(new ClassIndexMapping().GetMapping(), ClassIndexMapping.Contract))
                .Append(KeyOfClass(ml, label, signature.Classes));
            intermediate.AddRange([PredictedIndex, PredictedValue]);
        }
        return chain.Append(ml.Transforms.DropColumns([.. intermediate])).Fit(data);
    }

    // Class index → the label's value → a key over the label's values in the label's order.
    private static IEstimator<ITransformer> KeyOfClass(MLContext ml, DataViewSchema.Column label, int classes)
    {
        IReadOnlyList<object> values = KeyValues.Read(label) ?? Enumerable.Range(1, classes).Select(k => (object)(uint)k).ToList();
        var build = typeof(ScoringPipeline).GetMethod(nameof(KeyOfClassTyped), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(values[0].GetType());
        return (IEstimator<ITransformer>)build.Invoke(null, [ml, values])!;
    }

    private static IEstimator<ITransformer> KeyOfClassTyped<T>(MLContext ml, IReadOnlyList<object> values)
    {
        var lookup = ml.Data.LoadFromEnumerable(values.Select((v, i) => new ClassValue<T> { Index = (uint)i, Value = (T)v }).ToList());
        var keys = ml.Transforms.SelectColumns(nameof(ClassValue<T>.Value)).Fit(lookup).Transform(lookup);
        return ml.Transforms.Conversion.MapValue(PredictedValue, lookup, lookup.Schema[nameof(ClassValue<T>.Index)], lookup.Schema[nameof(ClassValue<T>.Value)], PredictedIndex)
            .Append(ml.Transforms.Conversion.MapValueToKey(PredictedLabel, PredictedValue, keyData: keys));
    }
}

/// <summary>One class: its 0-based index and the label's value for it.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ClassValue<T>
{
    /// <summary>The class's index.</summary>
    public uint Index { get; set; }
    /// <summary>The label's value for the class.</summary>
    public T Value { get; set; } = default!;
}
