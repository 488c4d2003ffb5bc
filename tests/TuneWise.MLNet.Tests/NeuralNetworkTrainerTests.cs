using Microsoft.ML;
using Microsoft.ML.Data;
using TuneWise.Core.Experiments;

namespace TuneWise.MLNet.Tests;

public class NeuralNetworkTrainerTests
{
    private static NeuralNetworkOptions Small(string label = "Label") => new()
    {
        LabelColumnName = label,
        HiddenLayers = [32],
        NumberOfEpochs = 30, BatchSize = 32, LearningRate = 3e-3,
        Seed = 5,
    };

    private static IEstimator<ITransformer> MulticlassPipeline(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey("Label", "Colour")
            .Append(ml.Transforms.Concatenate("Features", "A", "B", "C", "D"))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.MulticlassClassification.Trainers.NeuralNetwork(Small()))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedColour", "PredictedLabel"));

    [Fact]
    public void Multiclass_in_a_pipeline_is_read_by_the_evaluator_and_predicts_the_labels_values()
    {
        var ml = new MLContext(1);
        var train = SyntheticData.Colours(ml, 600, seed: 1);
        var test = SyntheticData.Colours(ml, 300, seed: 2);
        var model = MulticlassPipeline(ml).Fit(train);
        var scored = model.Transform(test);

        var metrics = ml.MulticlassClassification.Evaluate(scored);
        Assert.True(metrics.MacroAccuracy > 0.9, $"macro accuracy {metrics.MacroAccuracy:F3}");
        Assert.True(metrics.LogLoss < 0.4, $"log loss {metrics.LogLoss:F3}");
        Assert.Equal(3, ((VectorDataViewType)scored.Schema["Score"].Type).Size);

        var truth = test.GetColumn<string>("Colour").ToList();
        var predicted = scored.GetColumn<string>("PredictedColour").ToList();
        Assert.All(predicted, p => Assert.Contains(p, new[] { "red", "green", "blue" }));
        Assert.True(truth.Zip(predicted).Count(p => p.First == p.Second) > 0.9 * truth.Count);
    }

    [Fact]
    public void Binary_in_a_pipeline_is_read_by_the_evaluator()
    {
        var ml = new MLContext(1);
        var pipeline = ml.Transforms.Concatenate("Features", "A", "B", "C")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.NeuralNetwork(Small()));
        var model = pipeline.Fit(SyntheticData.Binary(ml, 600, seed: 1));
        var scored = model.Transform(SyntheticData.Binary(ml, 300, seed: 2));

        var metrics = ml.BinaryClassification.Evaluate(scored);
        Assert.True(metrics.Accuracy > 0.9, $"accuracy {metrics.Accuracy:F3}");
        Assert.True(metrics.AreaUnderRocCurve > 0.95, $"AUC {metrics.AreaUnderRocCurve:F3}");
        // Probability is the sigmoid of the score, and the label is the score's sign.
        var scores = scored.GetColumn<float>("Score").ToList();
        var probabilities = scored.GetColumn<float>("Probability").ToList();
        var labels = scored.GetColumn<bool>("PredictedLabel").ToList();
        for (int i = 0; i < scores.Count; i++)
        {
            Assert.Equal(1 / (1 + Math.Exp(-scores[i])), probabilities[i], 5);
            Assert.Equal(scores[i] > 0, labels[i]);
        }
    }

    [Fact]
    public void Regression_with_targets_near_50_predicts_in_the_targets_units()
    {
        var ml = new MLContext(1);
        var pipeline = ml.Transforms.Concatenate("Features", "Rooms", "Area", "Age")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Regression.Trainers.NeuralNetwork(Small("Price")));
        var fitted = pipeline.Fit(SyntheticData.Prices(ml, 800, seed: 1));
        var scored = fitted.Transform(SyntheticData.Prices(ml, 300, seed: 2));

        var metrics = ml.Regression.Evaluate(scored, labelColumnName: "Price");
        Assert.True(metrics.RSquared > 0.95, $"R² {metrics.RSquared:F3}");
        Assert.True(metrics.RootMeanSquaredError < 2, $"RMSE {metrics.RootMeanSquaredError:F2}");
        // A healthy run: no warning, no fatal verdict on targets of this scale.
        var network = fitted.LastTransformer;
        Assert.True(network.IsHealthy, string.Join("; ", network.Health.Select(v => $"{v.Code}: {v.Message}")));
        Assert.Equal(30, network.Training.Epochs.Count);
    }

    [Fact]
    public void Saved_and_loaded_pipelines_give_identical_scores()
    {
        var ml = new MLContext(1);
        var train = SyntheticData.Colours(ml, 300, seed: 1);
        var test = SyntheticData.Colours(ml, 100, seed: 2);
        var model = MulticlassPipeline(ml).Fit(train);
        var path = Path.Combine(Directory.CreateTempSubdirectory("tunewise-mlnet").FullName, "model.zip");
        ml.Model.Save(model, train.Schema, path);

        var loaded = new MLContext(2).Model.Load(path, out var schema);
        Assert.Equal(train.Schema.Select(c => c.Name), schema.Select(c => c.Name));
        var before = model.Transform(test);
        var after = loaded.Transform(test);
        Assert.Equal(Scores(before), Scores(after));
        Assert.Equal(before.GetColumn<string>("PredictedColour"), after.GetColumn<string>("PredictedColour"));
        Assert.Equal(ml.MulticlassClassification.Evaluate(before).MacroAccuracy, ml.MulticlassClassification.Evaluate(after).MacroAccuracy);
    }

    [Fact]
    public void Saved_binary_and_regression_models_give_identical_scores()
    {
        var ml = new MLContext(1);
        var binary = ml.Transforms.Concatenate("Features", "A", "B", "C")
            .Append(ml.BinaryClassification.Trainers.NeuralNetwork(Small()))
            .Fit(SyntheticData.Binary(ml, 300, seed: 1));
        var regression = ml.Transforms.Concatenate("Features", "Rooms", "Area", "Age")
            .Append(ml.Regression.Trainers.NeuralNetwork(Small("Price")))
            .Fit(SyntheticData.Prices(ml, 300, seed: 1));
        foreach (var (model, data, columns) in new[]
        {
            ((ITransformer)binary, SyntheticData.Binary(ml, 50, seed: 2), new[] { "Score", "Probability" }),
            (regression, SyntheticData.Prices(ml, 50, seed: 2), new[] { "Score" }),
        })
        {
            using var stream = new MemoryStream();
            ml.Model.Save(model, data.Schema, stream);
            stream.Position = 0;
            var loaded = new MLContext(3).Model.Load(stream, out _);
            foreach (var column in columns)
                Assert.Equal(model.Transform(data).GetColumn<float>(column), loaded.Transform(data).GetColumn<float>(column));
        }
    }

    [Fact]
    public void A_label_of_the_wrong_type_is_named_with_the_fix()
    {
        var ml = new MLContext(1);
        var data = ml.Transforms.Concatenate("Features", "A", "B", "C", "D").Fit(SyntheticData.Colours(ml, 30, 1)).Transform(SyntheticData.Colours(ml, 30, 1));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.NeuralNetwork(Small("Colour")).Fit(data));
        Assert.Contains("label column 'Colour' must be a key (use MapValueToKey), got String", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.NeuralNetwork(new NeuralNetworkOptions { FeatureColumnName = "A", LabelColumnName = "B" }).Fit(data));
        Assert.Contains("feature column 'A' must be a vector of Single", e.Message);
    }

    private static List<float[]> Scores(IDataView scored) =>
        scored.GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToList();
}
