using Microsoft.ML;
using Microsoft.ML.Data;
using TuneWise.Core.Experiments;

namespace TuneWise.MLNet.Tests;

public class FashionMnistTests
{
    /// <summary>The bundled 10,000 Fashion-MNIST images as an IDataView.</summary>
    private static IDataView Bundled(MLContext ml, int? take = null) =>
        FashionMnistView.Load(ml, Path.Combine(RepositoryRoot(), "data", "fashion-mnist"), take);

    [Fact]
    [Trait("Category", "Slow")]
    public void The_neural_trainer_reaches_85_percent_on_the_bundled_fashion_mnist()
    {
        var ml = new MLContext(1);
        var split = ml.Data.TrainTestSplit(Bundled(ml), testFraction: 0.2, seed: 1);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Garment")
            .Append(ml.Transforms.CopyColumns("Features", "Pixels"))
            .Append(ml.MulticlassClassification.Trainers.NeuralNetwork(new NeuralNetworkOptions
            {
                ImageShape = [1, 28, 28],
                Architecture = ModelKind.Cnn, Channels = [16, 32], HiddenLayers = [64], BatchNormalization = true,
                NumberOfEpochs = 6, BatchSize = 64,
            }));
        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
        Assert.True(metrics.MicroAccuracy >= 0.85, $"accuracy {metrics.MicroAccuracy:F4} on {split.TestSet.GetRowCount() ?? 2000} held-out images");
    }

    [Fact]
    public void A_convolutional_network_reads_images_through_ImageShape_and_round_trips()
    {
        var ml = new MLContext(1);
        var data = Bundled(ml, take: 600);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Garment")
            .Append(ml.MulticlassClassification.Trainers.NeuralNetwork(new NeuralNetworkOptions
            {
                FeatureColumnName = "Pixels",
                ImageShape = [1, 28, 28],
                Architecture = ModelKind.Cnn, Channels = [4], HiddenLayers = [16], BatchNormalization = true,
                NumberOfEpochs = 2, BatchSize = 32,
                Preflight = false,
            }));
        var model = pipeline.Fit(data);
        var accuracy = ml.MulticlassClassification.Evaluate(model.Transform(data)).MicroAccuracy;
        Assert.True(accuracy > 0.5, $"training accuracy {accuracy:F3}");

        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = ml.Model.Load(stream, out _);
        Assert.Equal(model.Transform(data).GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()),
            loaded.Transform(data).GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()));
    }

    [Fact]
    public void An_image_shape_that_does_not_hold_the_features_is_refused()
    {
        var ml = new MLContext(1);
        var data = ml.Transforms.Conversion.MapValueToKey("Label", "Garment").Fit(Bundled(ml, 20)).Transform(Bundled(ml, 20));
        var trainer = ml.MulticlassClassification.Trainers.NeuralNetwork(new NeuralNetworkOptions { FeatureColumnName = "Pixels", ImageShape = [1, 28, 27] });
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(data));
        Assert.Contains("ImageShape [1, 28, 27] holds 756 values, but column 'Pixels' has 784", e.Message);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TuneWise.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
