using Microsoft.ML;

namespace TuneWise.MLNet;

/// <summary>The neural-network trainer in ML.NET's trainer catalogs; it trains with the catalog's <c>MLContext</c> (its seed and log).</summary>
public static class NeuralNetworkCatalog
{
    /// <summary>A neural network for multiclass classification: key label, <c>Score</c> with one probability per class, key-valued <c>PredictedLabel</c>.</summary>
    public static NeuralNetworkTrainer NeuralNetwork(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, NeuralNetworkOptions? options = null) =>
        new(TrainingContext.Of(catalog), PredictionKind.Multiclass, options);

    /// <summary>A neural network for binary classification: Boolean label, <c>Score</c>, <c>Probability</c> and Boolean <c>PredictedLabel</c>.</summary>
    public static NeuralNetworkTrainer NeuralNetwork(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, NeuralNetworkOptions? options = null) =>
        new(TrainingContext.Of(catalog), PredictionKind.Binary, options);

    /// <summary>A neural network for regression: Single label and <c>Score</c>, in the label's units.</summary>
    public static NeuralNetworkTrainer NeuralNetwork(this RegressionCatalog.RegressionTrainers catalog, NeuralNetworkOptions? options = null) =>
        new(TrainingContext.Of(catalog), PredictionKind.Regression, options);
}
