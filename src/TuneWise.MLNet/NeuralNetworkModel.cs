using Microsoft.ML;
using Microsoft.ML.Data;
using TuneWise.Core.Health;
using TuneWise.Models.Training;

namespace TuneWise.MLNet;

/// <summary>
/// A trained network in an ML.NET pipeline, and what its training showed. Scoring is done by ML.NET's
/// own transformers (ONNX Runtime on the exported network), so saving with <c>mlContext.Model.Save</c>
/// keeps the weights in ML.NET's model file; <c>Load</c> gives back those transformers with the same
/// predictions (the health verdicts and training history stay with this object, not the file).
/// It is a prediction transformer over one feature column, so ML.NET's
/// <c>PermutationFeatureImportance</c> works on it and on a pipeline that ends with it.
/// </summary>
public sealed class NeuralNetworkModel : ISingleFeaturePredictionTransformer<NeuralNetworkParameters>
{
    internal NeuralNetworkModel(ITransformer scorer, NeuralNetworkParameters parameters, string featureColumnName, DataViewType featureColumnType)
    {
        Scorer = scorer;
        Model = parameters;
        FeatureColumnName = featureColumnName;
        FeatureColumnType = featureColumnType;
    }

    /// <summary>The ML.NET transformers that score the network (what the model file stores).</summary>
    public ITransformer Scorer { get; }

    /// <summary>The exported network, its health verdicts and its training history.</summary>
    public NeuralNetworkParameters Model { get; }

    /// <summary>The feature column the network reads.</summary>
    public string FeatureColumnName { get; }

    /// <summary>The feature column's type: a vector of Single of known size.</summary>
    public DataViewType FeatureColumnType { get; }

    /// <summary>The health verdicts of the preflight checks and of training, worst first.</summary>
    public IReadOnlyList<HealthVerdict> Health => Model.Health;

    /// <summary>True when neither the preflight nor the health monitor found anything worse than information.</summary>
    public bool IsHealthy => Model.IsHealthy;

    /// <summary>Per-epoch metrics, steps and timings of the training run.</summary>
    public TrainingResult Training => Model.Training;

    /// <summary>Writes the network, with its input scaling and outputs, as an ONNX model for any ONNX runtime.</summary>
    public void SaveOnnx(string path) => Model.SaveOnnx(path);

    /// <inheritdoc />
    public bool IsRowToRowMapper => Scorer.IsRowToRowMapper;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Scorer.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => Scorer.GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => Scorer.Transform(input);

    /// <summary>Saves the scoring transformers: ML.NET stores them under their own loaders, since an outside class cannot register one.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => Scorer.Save(ctx);
}
